import { handleGateway } from "@/lib/gateway/engine";
import { toWebResponse } from "@/lib/gateway/lite-http";

export const dynamic = "force-dynamic";

// POST /api/route/v1/chat/completions - OpenAI Chat Completions for teams (team key), routed and proxied
export async function POST(req: Request) {
  return toWebResponse(await handleGateway(req, "openai"));
}
