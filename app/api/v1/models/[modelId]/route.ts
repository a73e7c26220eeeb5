import { withSession } from "@/lib/api/handler";
import { modelUpdateInput } from "@/lib/schemas/models";
import { deleteModel, getModelOrThrow, updateModel } from "@/lib/services/models";

// GET /api/v1/models/{modelId} - one model
export const GET = withSession({ scope: "models:read" }, async ({ params }) => getModelOrThrow(params.modelId!));

// PATCH /api/v1/models/{modelId} - update; prices sent here start a new price version now
export const PATCH = withSession({ scope: "models:write", body: modelUpdateInput }, async ({ actor, ip, params, body }) => updateModel({ actor, ip }, params.modelId!, body));

// DELETE /api/v1/models/{modelId} - refused (409, naming the teams and tasks) while a routing policy uses it
export const DELETE = withSession({ scope: "models:write" }, async ({ actor, ip, params }) => {
  await deleteModel({ actor, ip }, params.modelId!);
  return { ok: true };
});
