import { withSession } from "@/lib/api/handler";
import { swapDecisionInput } from "@/lib/schemas/swaps";
import { approveSwap } from "@/lib/services/swaps";

// POST /api/v1/swaps/{swapId}/approve - admin approval; starts the canary (above the co-sign threshold, after the finance co-signature)
export const POST = withSession({ scope: "swaps:approve", body: swapDecisionInput, optionalBody: true }, async ({ actor, ip, params, body }) => approveSwap({ actor, ip }, params.swapId!, body.reason));
