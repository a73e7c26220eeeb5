import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { newRequestId } from "@/lib/api/request-id";
import { authenticateGatewayRequest } from "@/lib/gateway/auth";
import { errorResponse } from "@/lib/gateway/protocol";
import { isAnswer, jsonResponse, readJsonBody, type GatewayRequest, type GatewayResponse } from "@/lib/gateway/lite-http";
import { feedbackInput } from "@/lib/schemas/feedback";
import { recordFeedback } from "@/lib/services/feedback";

// The data plane's two small endpoints beside the completions: the key's models, and feedback on a request.

// GET /api/route/v1/models - the models and aliases this key's team may use (OpenAI list shape)
export async function handleModels(req: GatewayRequest): Promise<GatewayResponse> {
  const requestId = newRequestId();
  const auth = await authenticateGatewayRequest(req, "openai", requestId);
  if (isAnswer(auth)) return auth;
  const { catalog, providers } = auth.snapshot;
  const allowed = auth.team.policy.allowed;
  const data = [...catalog.byId.values()]
    .filter((m) => m.enabled && (!allowed || allowed.has(m.id)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({
      id: m.name,
      object: "model",
      created: 0,
      owned_by: providers.get(m.providerId)?.name ?? "switchyard",
      aliases: m.aliases,
      in_house: m.inHouse,
      context_window: m.contextWindow,
    }));
  data.push({ id: "auto", object: "model", created: 0, owned_by: "switchyard", aliases: [], in_house: false, context_window: null });
  return jsonResponse(JSON.stringify({ object: "list", data }), { status: 200, headers: { "content-type": "application/json", "x-switchyard-request-id": requestId } });
}

// POST /api/route/v1/feedback - {request_id, score 0..1, label?, comment?} on one of the team's requests
export async function handleFeedback(req: GatewayRequest): Promise<GatewayResponse> {
  const requestId = newRequestId();
  const auth = await authenticateGatewayRequest(req, "openai", requestId);
  if (isAnswer(auth)) return auth;
  try {
    const input = feedbackInput.parse(await readJsonBody(req));
    const ev = await recordFeedback(auth.team.id, input);
    return jsonResponse(JSON.stringify({ id: ev.id, request_id: input.request_id, recorded: true }), { status: 201, headers: { "content-type": "application/json", "x-switchyard-request-id": requestId } });
  } catch (err) {
    if (err instanceof z.ZodError) {
      const i = err.issues[0]!;
      return errorResponse("openai", requestId, 400, "invalid_request", `${i.path.join(".") || "body"}: ${i.message}`, i.path.join(".") || null);
    }
    if (err instanceof AppError) return errorResponse("openai", requestId, err.status, err.code, err.message);
    throw err;
  }
}
