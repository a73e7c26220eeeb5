import { created, withSession } from "@/lib/api/handler";
import { evalSetCreateInput } from "@/lib/schemas/eval-sets";
import { createEvalSet, listEvalSets } from "@/lib/services/eval-sets";

// GET /api/v1/eval-sets - eval sets the caller may see (shared ones and their teams'), with their runs
export const GET = withSession({ scope: "accuracy:read" }, async ({ actor }) => ({ data: await listEvalSets({ actor }) }));

// POST /api/v1/eval-sets - upload a set as JSONL or CSV (prompt, reference, task, grader); errors name the line
export const POST = withSession({ scope: "accuracy:write", body: evalSetCreateInput }, async ({ actor, ip, body }) => created(await createEvalSet({ actor, ip }, body)));
