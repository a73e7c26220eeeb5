import { withSession } from "@/lib/api/handler";
import { providerTestInput } from "@/lib/schemas/providers";
import { resolveTestTarget, testConnection } from "@/lib/services/providers";

// POST /api/v1/providers/{providerId}/test - test a saved provider (its stored key), optionally with edits
export const POST = withSession({ scope: "providers:write", body: providerTestInput, optionalBody: true }, async ({ params, body }) =>
  testConnection(await resolveTestTarget(params.providerId!, body)),
);
