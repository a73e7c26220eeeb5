import { created, withSession } from "@/lib/api/handler";
import { graderCreateInput } from "@/lib/schemas/graders";
import { createGrader, listGraders } from "@/lib/services/graders";

// GET /api/v1/teams/{teamId}/graders - graders run on a sample of the team's live answers, with what they graded
export const GET = withSession({ scope: "accuracy:read" }, async ({ actor, params }) => listGraders({ actor }, params.teamId!));

// POST /api/v1/teams/{teamId}/graders - add one (JSON / JSON Schema, regex or judge); every gateway has it within a second
export const POST = withSession({ scope: "accuracy:write", body: graderCreateInput }, async ({ actor, ip, params, body }) => created(await createGrader({ actor, ip }, params.teamId!, body)));
