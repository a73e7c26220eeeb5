import { handleGateway } from "@/lib/gateway/engine";

export const dynamic = "force-dynamic";

// POST /api/route/v1/messages - Anthropic Messages API for teams (x-api-key or Bearer team key)
export function POST(req: Request) {
  return handleGateway(req, "anthropic");
}
