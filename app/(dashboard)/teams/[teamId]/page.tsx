import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TeamDetail } from "@/components/teams/team-detail";
import { canForTeam } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const path = `/teams/${encodeURIComponent(teamId)}`;
  const actor = await requirePage("teams:read", path);
  // Team leads and viewers see only their own teams (the API refuses the rest too).
  if (!canForTeam(actor, "teams:read", teamId)) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return <TeamDetail teamId={teamId} />;
}
