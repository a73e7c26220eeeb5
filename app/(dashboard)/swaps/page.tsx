import type { Metadata } from "next";
import Link from "next/link";
import { SwapsIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Swaps" };

export default async function SwapsPage() {
  const actor = await requirePage("swaps:read", "/swaps");
  return (
    <>
      <PageHeader title="Swaps" description="Proposals to move a task to a cheaper model that performs as well, with evidence, approvals and canary rollout." />
      <EmptyState
        icon={<SwapsIcon />}
        title="No swap proposals yet"
        description="When a cheaper model matches the incumbent's accuracy on a task, Switchyard proposes a swap with evidence and projected savings. Approved swaps roll out gradually through a canary."
        action={
          can(actor.role, "accuracy:read") && (
            <Link href="/accuracy" className={buttonStyles({ variant: "secondary" })}>
              See accuracy data
            </Link>
          )
        }
      />
    </>
  );
}
