export type { Protocol } from "@/lib/gateway/streams";
import type { Protocol } from "@/lib/gateway/streams";
import { jsonResponse, type AnswerHeaders, type JsonAnswer } from "@/lib/gateway/lite-http";

const OPENAI_TYPE: Record<number, string> = { 400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error", 404: "invalid_request_error", 429: "rate_limit_error" };
const ANTHROPIC_TYPE: Record<number, string> = { 400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error", 503: "overloaded_error" };

/** Errors in the caller's vendor shape, so SDKs raise their usual exception types; both carry the request id. */
export function errorBody(protocol: Protocol, status: number, code: string, message: string, requestId: string, param: string | null = null) {
  if (protocol === "anthropic") {
    return { type: "error", error: { type: ANTHROPIC_TYPE[status] ?? "api_error", message }, request_id: requestId };
  }
  return { error: { message, type: OPENAI_TYPE[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), param, code, request_id: requestId } };
}

export function headersFor(ctx: { requestId: string }, extra: AnswerHeaders = {}): AnswerHeaders {
  return { ...extra, "x-switchyard-request-id": ctx.requestId };
}

export function errorResponse(protocol: Protocol, requestId: string, status: number, code: string, message: string, param: string | null = null, extra: AnswerHeaders = {}): JsonAnswer {
  const h = headersFor({ requestId }, { "content-type": "application/json", ...extra });
  return jsonResponse(JSON.stringify(errorBody(protocol, status, code, message, requestId, param)), { status, headers: h });
}

