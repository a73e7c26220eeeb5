import { withSession } from "@/lib/api/handler";
import { providerTestInput } from "@/lib/schemas/providers";
import { resolveTestTarget, testConnection } from "@/lib/services/providers";

// POST /api/v1/providers/test - try unsaved settings: list the upstream's models, measure latency, explain failures
export const POST = withSession({ scope: "providers:write", body: providerTestInput }, async ({ body }) => testConnection(await resolveTestTarget(null, body)));
