import { withSession } from "@/lib/api/handler";
import { swapDecisionInput } from "@/lib/schemas/swaps";
import { rejectSwap } from "@/lib/services/swaps";

// POST /api/v1/swaps/{swapId}/reject - reject a proposal
export const POST = withSession({ scope: "swaps:approve", body: swapDecisionInput, optionalBody: true }, async ({ actor, ip, params, body }) => rejectSwap({ actor, ip }, params.swapId!, body.reason));
