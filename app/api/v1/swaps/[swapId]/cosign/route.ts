import { withSession } from "@/lib/api/handler";
import { swapDecisionInput } from "@/lib/schemas/swaps";
import { cosignSwap } from "@/lib/services/swaps";

// POST /api/v1/swaps/{swapId}/cosign - finance co-signature for swaps above the savings threshold (not the approver)
export const POST = withSession({ scope: "swaps:cosign", body: swapDecisionInput, optionalBody: true }, async ({ actor, ip, params, body }) => cosignSwap({ actor, ip }, params.swapId!, body.reason));
