import { created, withSession } from "@/lib/api/handler";
import { modelCreateInput, modelListQuery } from "@/lib/schemas/models";
import { createModel, listModels } from "@/lib/services/models";

// GET /api/v1/models - models with the price in effect and the price history
export const GET = withSession({ scope: "models:read", query: modelListQuery }, async ({ query }) => ({ data: await listModels(query) }));

// POST /api/v1/models - add a priced model to a provider
export const POST = withSession({ scope: "models:write", body: modelCreateInput }, async ({ actor, ip, body }) => created(await createModel({ actor, ip }, body)));
