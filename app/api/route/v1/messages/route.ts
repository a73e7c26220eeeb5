import { handleGateway } from "@/lib/gateway/engine";
import { toWebResponse } from "@/lib/gateway/lite-http";

export const dynamic = "force-dynamic";

// POST /api/route/v1/messages - Anthropic Messages API for teams (x-api-key or Bearer team key)
export async function POST(req: Request) {
  return toWebResponse(await handleGateway(req, "anthropic"));
}
