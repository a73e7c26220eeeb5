import { created, withSession } from "@/lib/api/handler";
import { teamMemberInput } from "@/lib/schemas/teams";
import { addMember, listMembers } from "@/lib/services/teams";

// GET /api/v1/teams/{teamId}/members - members and their team roles
export const GET = withSession({ scope: "teams:read" }, async ({ actor, params }) => ({ data: await listMembers({ actor }, params.teamId!) }));

// POST /api/v1/teams/{teamId}/members - add (or change the role of) a user by email
export const POST = withSession({ scope: "teams:members", body: teamMemberInput }, async ({ actor, ip, params, body }) => created(await addMember({ actor, ip }, params.teamId!, body)));
