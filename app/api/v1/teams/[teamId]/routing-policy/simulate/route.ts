import { withSession } from "@/lib/api/handler";
import { simulateQuery } from "@/lib/schemas/simulator";
import { simulateRouting } from "@/lib/services/simulator";

// GET /api/v1/teams/{teamId}/routing-policy/simulate - what-if: the team's paired evidence replayed under a router and a tolerance (changes nothing)
export const GET = withSession({ scope: "accuracy:read", query: simulateQuery }, async ({ actor, params, query }) => simulateRouting({ actor }, params.teamId!, query));
