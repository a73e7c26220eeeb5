import { withSession } from "@/lib/api/handler";
import { shadowConfigInput } from "@/lib/schemas/swaps";
import { getShadowConfigs, putShadowConfigs } from "@/lib/services/shadow-configs";

// GET /api/v1/teams/{teamId}/shadow - the team's shadow evaluations (task -> candidate model, sample rate)
export const GET = withSession({ scope: "accuracy:read" }, async ({ actor, params }) => getShadowConfigs({ actor }, params.teamId!));

// PUT /api/v1/teams/{teamId}/shadow - replace them (evidence for swap proposals)
export const PUT = withSession({ scope: "accuracy:write", body: shadowConfigInput }, async ({ actor, ip, params, body }) => putShadowConfigs({ actor, ip }, params.teamId!, body));
