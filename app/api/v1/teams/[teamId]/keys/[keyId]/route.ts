import { withSession } from "@/lib/api/handler";
import { revokeApiKey } from "@/lib/services/teams";

// DELETE /api/v1/teams/{teamId}/keys/{keyId} - revoke (the gateway refuses it within a second)
export const DELETE = withSession({ scope: "keys:write" }, async ({ actor, ip, params }) => revokeApiKey({ actor, ip }, params.teamId!, params.keyId!));
