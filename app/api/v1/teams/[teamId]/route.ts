import { withSession } from "@/lib/api/handler";
import { teamUpdateInput } from "@/lib/schemas/teams";
import { archiveTeam, getTeamOrThrow, updateTeam } from "@/lib/services/teams";

// GET /api/v1/teams/{teamId} - one team
export const GET = withSession({ scope: "teams:read" }, async ({ actor, params }) => getTeamOrThrow({ actor }, params.teamId!));

// PATCH /api/v1/teams/{teamId} - name, cost centre, budget, alert thresholds, body capture (admin)
export const PATCH = withSession({ scope: "teams:write", body: teamUpdateInput }, async ({ actor, ip, params, body }) => updateTeam({ actor, ip }, params.teamId!, body));

// DELETE /api/v1/teams/{teamId} - archive: keys stop working, history stays
export const DELETE = withSession({ scope: "teams:write" }, async ({ actor, ip, params }) => {
  await archiveTeam({ actor, ip }, params.teamId!);
  return { ok: true };
});
