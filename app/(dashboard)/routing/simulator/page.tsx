import type { Metadata } from "next";
import { SimulatorView } from "@/components/routing/simulator-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "What-if simulator" };

// Read-only, so whoever may read a team's accuracy may use it (the API checks the team again on every call).
export default async function SimulatorPage({ searchParams }: { searchParams: Promise<{ team?: string | string[] }> }) {
  await requirePage("accuracy:read", "/routing/simulator");
  const { team } = await searchParams;
  return <SimulatorView initialTeamId={typeof team === "string" ? team : undefined} />;
}
