import type { Metadata } from "next";
import Link from "next/link";
import { SpendIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Spend" };

export default async function SpendPage() {
  const actor = await requirePage("spend:read", "/spend");
  return (
    <>
      <PageHeader title="Spend" description="Cost by team, model, provider and task, against each team's monthly budget." />
      <EmptyState
        icon={<SpendIcon />}
        title="No spend recorded yet"
        description="Spend appears here once teams send requests through the gateway at /api/route/v1. Set monthly budgets on teams to get alerts before they run out."
        action={
          can(actor.role, "overview:read") && (
            <Link href="/" className={buttonStyles({ variant: "secondary" })}>
              Open the setup checklist
            </Link>
          )
        }
      />
    </>
  );
}
