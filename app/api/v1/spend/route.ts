import { withSession } from "@/lib/api/handler";
import { spendQuery } from "@/lib/schemas/spend";
import { getSpend } from "@/lib/services/spend";

// GET /api/v1/spend - usage and cost per UTC hour/day/month, grouped by team, model, provider or task (rollups only)
export const GET = withSession({ scope: "spend:read", query: spendQuery }, async ({ actor, query }) => getSpend({ actor }, query));
