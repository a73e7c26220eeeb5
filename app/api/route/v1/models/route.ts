import { handleModels } from "@/lib/gateway/side-routes";
import { toWebResponse } from "@/lib/gateway/lite-http";

export const dynamic = "force-dynamic";

// GET /api/route/v1/models - the models and aliases this key's team may use (OpenAI list shape)
export async function GET(req: Request) {
  return toWebResponse(await handleModels(req));
}
