import type { Metadata } from "next";
import { RoutingView } from "@/components/routing/routing-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Routing" };

export default async function RoutingPage({ searchParams }: { searchParams: Promise<{ team?: string | string[] }> }) {
  await requirePage("routing:read", "/routing");
  const { team } = await searchParams;
  return <RoutingView initialTeamId={typeof team === "string" ? team : undefined} />;
}
