import { withSession } from "@/lib/api/handler";
import { providerUpdateInput } from "@/lib/schemas/providers";
import { deleteProvider, getProviderOrThrow, updateProvider } from "@/lib/services/providers";

// GET /api/v1/providers/{providerId} - one provider
export const GET = withSession({ scope: "providers:read" }, async ({ params }) => getProviderOrThrow(params.providerId!));

// PATCH /api/v1/providers/{providerId} - update; a changed baseUrl needs apiKey in the same request
export const PATCH = withSession({ scope: "providers:write", body: providerUpdateInput }, async ({ actor, ip, params, body }) => updateProvider({ actor, ip }, params.providerId!, body));

// DELETE /api/v1/providers/{providerId} - refused (409) while models use it
export const DELETE = withSession({ scope: "providers:write" }, async ({ actor, ip, params }) => {
  await deleteProvider({ actor, ip }, params.providerId!);
  return { ok: true };
});
