import type { Metadata } from "next";
import { AuditIcon } from "@/components/icons";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  await requirePage("audit:read", "/audit");
  return (
    <>
      <PageHeader title="Audit" description="Every control-plane change: who made it, when, and what changed." />
      <EmptyState
        icon={<AuditIcon />}
        title="No audit events yet"
        description="Changes to providers, models, teams, keys, routing, settings and approvals are recorded here as they happen. Secrets are redacted before they are stored."
      />
    </>
  );
}
