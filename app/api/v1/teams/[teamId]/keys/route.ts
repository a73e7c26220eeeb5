import { created, withSession } from "@/lib/api/handler";
import { apiKeyCreateInput } from "@/lib/schemas/teams";
import { createApiKey, listApiKeys } from "@/lib/services/teams";

// GET /api/v1/teams/{teamId}/keys - the team's keys: prefix, dates, status (never the key)
export const GET = withSession({ scope: "keys:read" }, async ({ actor, params }) => ({ data: await listApiKeys({ actor }, params.teamId!) }));

// POST /api/v1/teams/{teamId}/keys - create a key; the full key is in this response only
export const POST = withSession({ scope: "keys:write", body: apiKeyCreateInput }, async ({ actor, ip, params, body }) => created(await createApiKey({ actor, ip }, params.teamId!, body)));
