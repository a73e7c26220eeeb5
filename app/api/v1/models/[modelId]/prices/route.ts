import { created, withSession } from "@/lib/api/handler";
import { modelPriceInput } from "@/lib/schemas/models";
import { addModelPrice } from "@/lib/services/models";

// POST /api/v1/models/{modelId}/prices - add a price version (effectiveFrom defaults to now; history is kept)
export const POST = withSession({ scope: "models:write", body: modelPriceInput }, async ({ actor, ip, params, body }) => created(await addModelPrice({ actor, ip }, params.modelId!, body)));
