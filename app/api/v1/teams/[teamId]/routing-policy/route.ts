import { withSession } from "@/lib/api/handler";
import { routingPolicyInput } from "@/lib/schemas/routing";
import { getPolicy, putPolicy } from "@/lib/services/routing";

// GET /api/v1/teams/{teamId}/routing-policy - rules, default models, allowed models, tasks
export const GET = withSession({ scope: "routing:read" }, async ({ actor, params }) => getPolicy({ actor }, params.teamId!));

// PUT /api/v1/teams/{teamId}/routing-policy - replace the policy (allowedModels: admins only)
export const PUT = withSession({ scope: "routing:write", body: routingPolicyInput }, async ({ actor, ip, params, body }) => putPolicy({ actor, ip }, params.teamId!, body));
