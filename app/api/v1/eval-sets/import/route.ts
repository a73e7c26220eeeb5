import { created, withSession } from "@/lib/api/handler";
import { evalSetImportInput } from "@/lib/schemas/eval-sets";
import { importBuiltInSet } from "@/lib/services/eval-sets";

// POST /api/v1/eval-sets/import - add a built-in RouteLLM set (MT-Bench, judge-graded; MMLU samples, multiple choice)
export const POST = withSession({ scope: "accuracy:write", body: evalSetImportInput }, async ({ actor, ip, body }) => created(await importBuiltInSet({ actor, ip }, body.builtIn)));
