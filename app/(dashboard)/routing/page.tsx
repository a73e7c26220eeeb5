import type { Metadata } from "next";
import Link from "next/link";
import { RoutingIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Routing" };

export default async function RoutingPage() {
  const actor = await requirePage("routing:read", "/routing");
  return (
    <>
      <PageHeader title="Routing" description="Per-team policies that send each task to an ordered list of models, with fallbacks and traffic weights." />
      <EmptyState
        icon={<RoutingIcon />}
        title="No routing policies yet"
        description="Each team gets a policy mapping tasks such as code, writing or extraction to a primary model and fallbacks. Create a team first, then set its default models here."
        action={
          can(actor.role, "teams:read") && (
            <Link href="/teams" className={buttonStyles({ variant: "secondary" })}>
              Go to Teams
            </Link>
          )
        }
      />
    </>
  );
}
