import { withSession } from "@/lib/api/handler";
import { getSwapOrThrow } from "@/lib/services/swaps";

// GET /api/v1/swaps/{swapId} - one proposal with its evidence and every transition
export const GET = withSession({ scope: "swaps:read" }, async ({ actor, params }) => getSwapOrThrow({ actor }, params.swapId!));
