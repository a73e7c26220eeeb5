import { created, withSession } from "@/lib/api/handler";
import { teamCreateInput, teamListQuery } from "@/lib/schemas/teams";
import { createTeam, listTeams } from "@/lib/services/teams";

// GET /api/v1/teams - teams the caller may see (team-scoped roles: their own)
export const GET = withSession({ scope: "teams:read", query: teamListQuery }, async ({ actor, query }) => ({ data: await listTeams({ actor }, query) }));

// POST /api/v1/teams - create a team (with an empty routing policy)
export const POST = withSession({ scope: "teams:write", body: teamCreateInput }, async ({ actor, ip, body }) => created(await createTeam({ actor, ip }, body)));
