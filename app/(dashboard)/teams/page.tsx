import type { Metadata } from "next";
import { TeamsIcon } from "@/components/icons";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await requirePage("teams:read", "/teams");
  return (
    <>
      <PageHeader title="Teams" description="Groups that call the gateway: their members, API keys, monthly budgets and allowed models." />
      <EmptyState
        icon={<TeamsIcon />}
        title="No teams yet"
        description="Create a team for each group that calls the gateway, then issue it an API key. Budgets, routing policies and spend are all tracked per team."
      />
    </>
  );
}
