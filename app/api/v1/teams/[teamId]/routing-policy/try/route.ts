import { withSession } from "@/lib/api/handler";
import { routeTryInput } from "@/lib/schemas/routing";
import { tryRoute } from "@/lib/services/routing";

// POST /api/v1/teams/{teamId}/routing-policy/try - which model would serve this prompt, and why
export const POST = withSession({ scope: "routing:read", body: routeTryInput }, async ({ actor, params, body }) => tryRoute({ actor }, params.teamId!, body));
