import { handleGateway } from "@/lib/gateway/engine";
import type { WebHandler } from "@/lib/gateway/node-adapter";
import { POST as feedback } from "@/app/api/route/v1/feedback/route";
import { GET as models } from "@/app/api/route/v1/models/route";

/** Every data-plane endpoint, keyed "METHOD /path" (the app/api/route files serve the same under `next dev`). */
export const GATEWAY_ROUTES: Record<string, WebHandler> = {
  "POST /api/route/v1/chat/completions": (r) => handleGateway(r, "openai"),
  "POST /api/route/v1/messages": (r) => handleGateway(r, "anthropic"),
  "GET /api/route/v1/models": models,
  "POST /api/route/v1/feedback": feedback,
};
