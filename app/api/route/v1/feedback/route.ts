import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { newRequestId } from "@/lib/api/request-id";
import { authenticateGatewayRequest } from "@/lib/gateway/auth";
import { errorResponse } from "@/lib/gateway/protocol";
import { readJsonBody } from "@/lib/gateway/raw-body";
import { feedbackInput } from "@/lib/schemas/feedback";
import { recordFeedback } from "@/lib/services/feedback";

export const dynamic = "force-dynamic";

// POST /api/route/v1/feedback - {request_id, score 0..1, label?, comment?} on one of the team's requests
export async function POST(req: Request) {
  const requestId = newRequestId();
  const auth = await authenticateGatewayRequest(req, "openai", requestId);
  if (auth instanceof Response) return auth;
  try {
    const input = feedbackInput.parse(await readJsonBody(req));
    const ev = await recordFeedback(auth.team.id, input);
    return Response.json({ id: ev.id, request_id: input.request_id, recorded: true }, { status: 201, headers: { "x-switchyard-request-id": requestId } });
  } catch (err) {
    if (err instanceof z.ZodError) {
      const i = err.issues[0]!;
      return errorResponse("openai", requestId, 400, "invalid_request", `${i.path.join(".") || "body"}: ${i.message}`, i.path.join(".") || null);
    }
    if (err instanceof AppError) return errorResponse("openai", requestId, err.status, err.code, err.message);
    throw err;
  }
}
