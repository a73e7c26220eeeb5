import { withSession } from "@/lib/api/handler";
import { spendSummaryQuery } from "@/lib/schemas/spend";
import { getSpendSummary } from "@/lib/services/spend";

// GET /api/v1/spend/summary - totals, in-house vs external share, and every team/model/provider/task by cost
export const GET = withSession({ scope: "spend:read", query: spendSummaryQuery }, async ({ actor, query }) => getSpendSummary({ actor }, query));
