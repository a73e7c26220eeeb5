import { created, withSession } from "@/lib/api/handler";
import { evalRunCreateInput } from "@/lib/schemas/eval-sets";
import { startEvalRuns } from "@/lib/services/eval-sets";

// POST /api/v1/eval-sets/{evalSetId}/runs - run the set against models (in the background; poll the runs)
export const POST = withSession({ scope: "accuracy:write", body: evalRunCreateInput }, async ({ actor, ip, params, body }) => created(await startEvalRuns({ actor, ip }, params.evalSetId!, body)));
