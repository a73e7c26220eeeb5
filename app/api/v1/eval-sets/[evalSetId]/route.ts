import { withSession } from "@/lib/api/handler";
import { deleteEvalSet, getEvalSetOrThrow } from "@/lib/services/eval-sets";

// GET /api/v1/eval-sets/{evalSetId} - one set with its runs and their progress
export const GET = withSession({ scope: "accuracy:read" }, async ({ actor, params }) => getEvalSetOrThrow({ actor }, params.evalSetId!));

// DELETE /api/v1/eval-sets/{evalSetId} - delete a set and its runs' results
export const DELETE = withSession({ scope: "accuracy:write" }, async ({ actor, ip, params }) => {
  await deleteEvalSet({ actor, ip }, params.evalSetId!);
  return { ok: true };
});
