import { withSession } from "@/lib/api/handler";
import { getEvalRunOrThrow } from "@/lib/services/eval-sets";

// GET /api/v1/eval-runs/{runId} - progress and accuracy (with a 95% interval) of one run
export const GET = withSession({ scope: "accuracy:read" }, async ({ actor, params }) => getEvalRunOrThrow({ actor }, params.runId!));
