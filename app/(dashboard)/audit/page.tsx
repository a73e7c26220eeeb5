import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  await requirePage("audit:read", "/audit");
  return <AuditView />;
}
