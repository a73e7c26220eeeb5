// Anthropic Messages wire format (request validation, JSON and named-event SSE responses, error shape) for the
// demo upstream, following what api.anthropic.com sends.
import crypto from "node:crypto";
import { answer, estimatePromptTokens, splitFixed, splitIntoPieces, type Answer, type AnswerRequest, type NeutralTool, type NeutralToolChoice, type NeutralTurn } from "./answers";
import type { DemoData } from "./data";
import type { Invalid, Prepared } from "./openai";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

const DEFAULT_MESSAGES: Record<string, string> = {
  invalid_request_error: "Invalid request.",
  authentication_error: "invalid x-api-key",
  billing_error: "Your credit balance is too low to access the Anthropic API.",
  permission_error: "Your API key does not have permission to use the specified resource.",
  not_found_error: "Not found.",
  request_too_large: "Request exceeds the maximum allowed number of bytes.",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit.",
  api_error: "Internal server error",
  overloaded_error: "Overloaded",
};

export const anthropicRequestId = () => `req_${crypto.randomBytes(18).toString("base64url").replace(/[-_]/g, "x")}`;

/** `{type: "error", error: {type, message}, request_id}` with Anthropic's error type for the status. */
export function anthropicError(status: number, message?: string, requestId = anthropicRequestId()) {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  return { type: "error", error: { type, message: message ?? DEFAULT_MESSAGES[type] ?? "Error" }, request_id: requestId };
}

const invalid = (message: string): Invalid => ({ error: { status: 400, body: anthropicError(400, message) } });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function anthropicModels() {
  const models: Array<[string, string, string]> = [
    ["claude-sonnet-4-5", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z"],
    ["claude-3-5-haiku-latest", "Claude Haiku 3.5", "2024-10-22T00:00:00Z"],
  ];
  const data = models.map(([id, display_name, created_at]) => ({ type: "model", id, display_name, created_at }));
  return { data, has_more: false, first_id: data[0]!.id, last_id: data.at(-1)!.id };
}

interface Parsed {
  model: string;
  turns: NeutralTurn[];
  texts: string[];
  tools: NeutralTool[];
  toolChoice: NeutralToolChoice;
}

function blockText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((b) => (isRecord(b) && typeof b.text === "string" ? b.text : "")).join("");
}

function parseCommon(body: unknown): Parsed | Invalid {
  if (!isRecord(body)) return invalid("There was an issue with your request body: expected a JSON object.");
  if (typeof body.model !== "string" || body.model === "") return invalid("model: Field required");
  if (body.messages === undefined) return invalid("messages: Field required");
  if (!Array.isArray(body.messages)) return invalid("messages: Input should be a valid list");
  if (body.messages.length === 0) return invalid("messages: at least one message is required");

  const turns: NeutralTurn[] = [];
  const texts: string[] = [];
  if (body.system !== undefined) {
    let system: string;
    if (typeof body.system === "string") system = body.system;
    else if (Array.isArray(body.system) && body.system.every((b) => isRecord(b) && b.type === "text" && typeof b.text === "string")) {
      system = body.system.map((b) => (b as { text: string }).text).join("\n");
    } else return invalid("system: Input should be a valid string or a list of text blocks");
    turns.push({ role: "system", text: system });
    texts.push(system);
  }

  const toolNames = new Map<string, string>();
  for (const [i, m] of body.messages.entries()) {
    if (!isRecord(m)) return invalid(`messages.${i}: Input should be a valid dictionary`);
    if (m.role === "system") {
      return invalid('messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.');
    }
    if (m.role !== "user" && m.role !== "assistant") return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (typeof m.content !== "string" && !Array.isArray(m.content)) return invalid(`messages.${i}.content: Input should be a valid string or list`);
    texts.push(typeof m.content === "string" ? m.content : JSON.stringify(m.content));
    if (typeof m.content === "string") {
      turns.push({ role: m.role, text: m.content });
      continue;
    }
    const textParts: string[] = [];
    for (const b of m.content) {
      if (!isRecord(b) || typeof b.type !== "string") return invalid(`messages.${i}.content: each block needs a type`);
      if (b.type === "tool_use" && typeof b.id === "string" && typeof b.name === "string") toolNames.set(b.id, b.name);
      if (b.type === "tool_result") {
        if (m.role !== "user") return invalid(`messages.${i}: tool_result blocks are only allowed in user messages`);
        const id = typeof b.tool_use_id === "string" ? b.tool_use_id : "";
        const name = toolNames.get(id);
        turns.push({ role: "tool", text: blockText(b.content), ...(name ? { toolName: name } : {}) });
      } else if (b.type === "text" && typeof b.text === "string") textParts.push(b.text);
    }
    if (textParts.length > 0 || !m.content.some((b) => isRecord(b) && b.type === "tool_result")) turns.push({ role: m.role, text: textParts.join("") });
  }

  const tools: NeutralTool[] = [];
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return invalid("tools: Input should be a valid list");
    for (const [i, t] of body.tools.entries()) {
      if (!isRecord(t) || typeof t.name !== "string") return invalid(`tools.${i}.name: Field required`);
      // Server tools (web_search_20250305, ...) carry a versioned type and no schema; the client never answers them.
      if (typeof t.type === "string" && t.type !== "custom") continue;
      if (!isRecord(t.input_schema)) return invalid(`tools.${i}.custom.input_schema: Field required`);
      tools.push({ name: t.name, parameters: t.input_schema });
    }
  }
  let toolChoice: NeutralToolChoice = { type: "auto" };
  if (body.tool_choice !== undefined) {
    const tc = body.tool_choice;
    if (!isRecord(tc) || !["auto", "any", "tool", "none"].includes(tc.type as string)) return invalid("tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
    if (tc.type === "tool") {
      if (typeof tc.name !== "string") return invalid("tool_choice.tool.name: Field required");
      const name = tc.name;
      if (!tools.some((t) => t.name === name)) return invalid(`tool_choice.name: tool '${name}' not found in tools`);
      toolChoice = { type: "tool", name };
    } else toolChoice = { type: tc.type === "any" ? "required" : (tc.type as "auto" | "none") };
  }
  return { model: body.model, turns, texts, tools, toolChoice };
}

/** POST /v1/messages/count_tokens */
export function countAnthropicTokens(body: unknown): { input_tokens: number } | Invalid {
  const parsed = parseCommon(body);
  if ("error" in parsed) return parsed;
  return { input_tokens: estimatePromptTokens(parsed.texts, parsed.tools) };
}

export function prepareAnthropicMessages(data: DemoData, body: unknown): Prepared | Invalid {
  const parsed = parseCommon(body);
  if ("error" in parsed) return parsed;
  const b = body as Record<string, unknown>;
  if (b.max_tokens === undefined) return invalid("max_tokens: Field required");
  if (typeof b.max_tokens !== "number" || !Number.isInteger(b.max_tokens)) return invalid("max_tokens: Input should be a valid integer");
  if (b.max_tokens < 1) return invalid("max_tokens: Input should be greater than or equal to 1");
  const stop = Array.isArray(b.stop_sequences) ? b.stop_sequences.filter((s): s is string => typeof s === "string") : [];
  const req: AnswerRequest = { model: parsed.model, turns: parsed.turns, tools: parsed.tools, toolChoice: parsed.toolChoice, maxTokens: b.max_tokens, stop };
  const ans = answer(data, req);
  return buildAnthropic(parsed.model, ans, estimatePromptTokens(parsed.texts, parsed.tools), b.stream === true);
}

function stopReason(a: Answer): string {
  if (a.kind === "tool") return "tool_use";
  return a.finish === "length" ? "max_tokens" : a.finish === "stop_sequence" ? "stop_sequence" : "end_turn";
}

function buildAnthropic(model: string, ans: Answer, inputTokens: number, stream: boolean): Prepared {
  const id = `msg_01${crypto.randomBytes(18).toString("base64url").replace(/[-_]/g, "x")}`;
  const toolId = `toolu_01${crypto.randomBytes(18).toString("base64url").replace(/[-_]/g, "x")}`;
  const stop_sequence = ans.kind === "text" ? ans.stopSequence : null;
  const usage = (output: number) => ({ input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output });
  const textPieces = ans.kind === "text" ? splitIntoPieces(ans.text) : [];
  const argPieces = ans.kind === "tool" ? splitFixed(ans.arguments) : [];

  const body = () => ({
    id,
    type: "message",
    role: "assistant",
    model,
    content:
      ans.kind === "tool"
        ? [{ type: "tool_use", id: toolId, name: ans.name, input: JSON.parse(ans.arguments) as unknown }]
        : ans.text
          ? [{ type: "text", text: ans.text }]
          : [],
    stop_reason: stopReason(ans),
    stop_sequence,
    usage: usage(ans.completionTokens),
  });

  const frames = () => {
    const ev = (name: string, payload: unknown) => `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    const out = [ev("message_start", { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: usage(1) } })];
    const block = (content_block: unknown, deltas: unknown[]) => {
      out.push(ev("content_block_start", { type: "content_block_start", index: 0, content_block }));
      out.push(ev("ping", { type: "ping" }));
      for (const delta of deltas) out.push(ev("content_block_delta", { type: "content_block_delta", index: 0, delta }));
      out.push(ev("content_block_stop", { type: "content_block_stop", index: 0 }));
    };
    if (ans.kind === "tool") {
      block({ type: "tool_use", id: toolId, name: ans.name, input: {} }, ["", ...argPieces].map((partial_json) => ({ type: "input_json_delta", partial_json })));
    } else if (textPieces.length > 0) {
      block({ type: "text", text: "" }, textPieces.map((text) => ({ type: "text_delta", text })));
    } else out.push(ev("ping", { type: "ping" }));
    out.push(ev("message_delta", { type: "message_delta", delta: { stop_reason: stopReason(ans), stop_sequence }, usage: { output_tokens: ans.completionTokens } }));
    out.push(ev("message_stop", { type: "message_stop" }));
    return out;
  };

  return { stream, body, frames, pieces: ans.kind === "text" ? textPieces.length : argPieces.length };
}
