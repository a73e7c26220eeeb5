import { withSession } from "@/lib/api/handler";
import { graderUpdateInput } from "@/lib/schemas/graders";
import { deleteGrader, updateGrader } from "@/lib/services/graders";

// PATCH /api/v1/teams/{teamId}/graders/{graderId} - change it; a new definition starts a new version
export const PATCH = withSession({ scope: "accuracy:write", body: graderUpdateInput }, async ({ actor, ip, params, body }) => updateGrader({ actor, ip }, params.teamId!, params.graderId!, body));

// DELETE /api/v1/teams/{teamId}/graders/{graderId} - stop grading (its past scores stay in the accuracy data)
export const DELETE = withSession({ scope: "accuracy:write" }, async ({ actor, ip, params }) => {
  await deleteGrader({ actor, ip }, params.teamId!, params.graderId!);
  return { ok: true };
});
