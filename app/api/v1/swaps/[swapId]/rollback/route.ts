import { withSession } from "@/lib/api/handler";
import { swapDecisionInput } from "@/lib/schemas/swaps";
import { rollbackSwap } from "@/lib/services/swaps";

// POST /api/v1/swaps/{swapId}/rollback - stop a canary or undo a completed swap: the task's rule is restored
export const POST = withSession({ scope: "swaps:approve", body: swapDecisionInput, optionalBody: true }, async ({ actor, ip, params, body }) => rollbackSwap({ actor, ip }, params.swapId!, body.reason ?? `rolled back by ${actor.email}`));
