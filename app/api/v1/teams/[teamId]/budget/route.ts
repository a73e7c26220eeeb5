import { withSession } from "@/lib/api/handler";
import { getTeamBudget } from "@/lib/services/budgets";

// GET /api/v1/teams/{teamId}/budget - this month's limit, spend, held headroom, alerts and per-key budgets
export const GET = withSession({ scope: "spend:read" }, async ({ actor, params }) => getTeamBudget({ actor }, params.teamId!));
