import { handleGateway } from "@/lib/gateway/engine";

export const dynamic = "force-dynamic";

// POST /api/route/v1/chat/completions - OpenAI Chat Completions for teams (team key), routed and proxied
export function POST(req: Request) {
  return handleGateway(req, "openai");
}
