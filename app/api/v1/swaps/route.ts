import { withSession } from "@/lib/api/handler";
import { swapListQuery } from "@/lib/schemas/swaps";
import { listSwaps } from "@/lib/services/swaps";

// GET /api/v1/swaps - swap proposals with their evidence (team-scoped roles: their teams)
export const GET = withSession({ scope: "swaps:read", query: swapListQuery }, async ({ actor, query }) => ({ data: await listSwaps({ actor }, query) }));
