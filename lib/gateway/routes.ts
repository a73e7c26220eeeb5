import { handleGateway } from "@/lib/gateway/engine";
import type { WebHandler } from "@/lib/gateway/node-adapter";
import { handleFeedback, handleModels } from "@/lib/gateway/side-routes";

/** Every data-plane endpoint, keyed "METHOD /path" (the app/api/route files serve the same under `next dev`). */
export const GATEWAY_ROUTES: Record<string, WebHandler> = {
  "POST /api/route/v1/chat/completions": (r) => handleGateway(r, "openai"),
  "POST /api/route/v1/messages": (r) => handleGateway(r, "anthropic"),
  "GET /api/route/v1/models": handleModels,
  "POST /api/route/v1/feedback": handleFeedback,
};
