import { created, withSession } from "@/lib/api/handler";
import { providerCreateInput } from "@/lib/schemas/providers";
import { createProvider, listProviders } from "@/lib/services/providers";

// GET /api/v1/providers - every provider with its last-24h health (never a key)
export const GET = withSession({ scope: "providers:read" }, async () => ({ data: await listProviders() }));

// POST /api/v1/providers - register a provider; the API key is sealed and only its hint is returned
export const POST = withSession({ scope: "providers:write", body: providerCreateInput }, async ({ actor, ip, body }) => created(await createProvider({ actor, ip }, body)));
