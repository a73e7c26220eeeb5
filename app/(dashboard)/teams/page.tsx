import type { Metadata } from "next";
import { TeamsView } from "@/components/teams/teams-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await requirePage("teams:read", "/teams");
  return <TeamsView />;
}
