// OpenAI Chat Completions wire format (request validation, JSON and SSE responses, error shape) for the demo
// upstream. Shapes follow what api.openai.com sends, including its validation errors a gateway can trigger.
import crypto from "node:crypto";
import { answer, estimatePromptTokens, splitFixed, splitIntoPieces, type Answer, type AnswerRequest, type NeutralTool, type NeutralToolChoice, type NeutralTurn } from "./answers";
import { modelFamily, MODEL_IDS, type DemoData } from "./data";

export interface Prepared {
  stream: boolean;
  /** Non-streaming response body. */
  body: () => unknown;
  /** Streaming response: complete SSE frames, in order. */
  frames: () => string[];
  /** Number of generated pieces, to pace a non-streaming response like the streamed one. */
  pieces: number;
}

export type Invalid = { error: { status: number; body: unknown } };

export interface OpenAIErrorInit {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

const DEFAULT_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: { message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", code: "invalid_api_key" },
  403: { message: "You are not allowed to sample from this model.", type: "invalid_request_error", code: null },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  429: { message: "Rate limit reached for requests. Please try again in 1s.", type: "requests", code: "rate_limit_exceeded" },
  500: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null },
  502: { message: "Bad gateway.", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error", code: null },
};

/** `{error: {message, type, param, code}}`, with OpenAI's usual type/code for the status. */
export function openAIError(status: number, init: OpenAIErrorInit = {}) {
  const d = DEFAULT_ERRORS[status] ?? DEFAULT_ERRORS[status >= 500 ? 500 : 400]!;
  return { error: { message: init.message ?? d.message, type: init.type ?? d.type, param: init.param ?? null, code: init.code !== undefined ? init.code : d.code } };
}

const invalid = (message: string, param: string | null = null, code: string | null = null): Invalid => ({
  error: { status: 400, body: openAIError(400, { message, param, code }) },
});

const ROLES = ["system", "developer", "user", "assistant", "tool", "function"];

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === "object" && p !== null && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : ""))
      .join("");
  }
  return "";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function openAIModels() {
  const created = 1_698_959_748;
  const ids: Array<[string, string]> = [
    [MODEL_IDS.gpt4, "system"],
    ["gpt-4o", "system"],
    ["gpt-4o-mini", "system"],
    [MODEL_IDS.mixtral, "mistralai"],
  ];
  return { object: "list", data: ids.map(([id, owned_by]) => ({ id, object: "model", created, owned_by })) };
}

export function prepareOpenAIChat(data: DemoData, body: unknown): Prepared | Invalid {
  if (!isRecord(body)) return invalid("We could not parse the JSON body of your request. The OpenAI API expects a JSON object.");
  const model = body.model;
  if (typeof model !== "string" || model === "") return invalid("you must provide a model parameter");
  if (body.messages === undefined) return invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
  if (!Array.isArray(body.messages)) return invalid("Invalid type for 'messages': expected an array.", "messages", "invalid_type");
  if (body.messages.length === 0) {
    return invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");
  }
  const stream = body.stream === true;
  if (body.stream_options != null && !stream) {
    return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  const includeUsage = stream && isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const n = body.n ?? 1;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 128) return invalid(`Invalid 'n': expected an integer between 1 and 128.`, "n", "invalid_value");
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null && (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    const param = body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
    return invalid(`Invalid '${param}': integer below minimum value. Expected a value >= 1.`, param, "integer_below_min_value");
  }

  // Tool names by call id, so a tool message can be attributed to its tool.
  const callNames = new Map<string, string>();
  const turns: NeutralTurn[] = [];
  const texts: string[] = [];
  for (const [i, m] of body.messages.entries()) {
    if (!isRecord(m)) return invalid(`Invalid type for 'messages[${i}]': expected an object.`, `messages[${i}]`, "invalid_type");
    if (typeof m.role !== "string" || !ROLES.includes(m.role)) {
      return invalid(`Invalid value: '${String(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `messages[${i}].role`, "invalid_value");
    }
    const text = contentText(m.content);
    if (Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls) {
        if (isRecord(c) && typeof c.id === "string" && isRecord(c.function) && typeof c.function.name === "string") callNames.set(c.id, c.function.name);
      }
    }
    const role = m.role === "developer" ? "system" : m.role === "function" ? "tool" : (m.role as NeutralTurn["role"]);
    if (role === "tool" && m.role === "tool" && typeof m.tool_call_id !== "string") {
      return invalid(`Missing required parameter: 'messages[${i}].tool_call_id'.`, `messages[${i}].tool_call_id`, "missing_required_parameter");
    }
    const toolName = typeof m.tool_call_id === "string" ? callNames.get(m.tool_call_id) : typeof m.name === "string" ? m.name : undefined;
    turns.push({ role, text, ...(role === "tool" && toolName ? { toolName } : {}) });
    texts.push(text + (m.tool_calls ? JSON.stringify(m.tool_calls) : ""));
  }

  const tools: NeutralTool[] = [];
  if (body.tools != null) {
    if (!Array.isArray(body.tools)) return invalid("Invalid type for 'tools': expected an array.", "tools", "invalid_type");
    for (const [i, t] of body.tools.entries()) {
      if (!isRecord(t) || !isRecord(t.function) || typeof t.function.name !== "string") {
        return invalid(`Missing required parameter: 'tools[${i}].function.name'.`, `tools[${i}].function.name`, "missing_required_parameter");
      }
      tools.push({ name: t.function.name, parameters: t.function.parameters ?? { type: "object", properties: {} } });
    }
  }
  let toolChoice: NeutralToolChoice = { type: "auto" };
  if (body.tool_choice != null) {
    if (tools.length === 0) return invalid("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
    const tc = body.tool_choice;
    if (tc === "none" || tc === "auto" || tc === "required") toolChoice = { type: tc };
    else if (isRecord(tc) && isRecord(tc.function) && typeof tc.function.name === "string") {
      const name = tc.function.name;
      if (!tools.some((t) => t.name === name)) return invalid(`Tool choice '${name}' not found in 'tools' parameter.`, "tool_choice");
      toolChoice = { type: "tool", name };
    } else return invalid("Invalid value for 'tool_choice'.", "tool_choice", "invalid_value");
  }

  const stop = body.stop == null ? [] : typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop.filter((s): s is string => typeof s === "string") : [];
  const rf = isRecord(body.response_format) ? body.response_format : undefined;
  const json =
    rf?.type === "json_schema" && isRecord(rf.json_schema) ? { schema: rf.json_schema.schema ?? {} } : rf?.type === "json_object" ? {} : undefined;

  const req: AnswerRequest = { model, turns, tools, toolChoice, stop, ...(typeof maxTokens === "number" ? { maxTokens } : {}), ...(json ? { json } : {}) };
  const ans = answer(data, req);
  const promptTokens = estimatePromptTokens(texts, tools);
  return buildOpenAI(model, ans, n, promptTokens, stream, includeUsage);
}

const newId = (prefix: string, bytes = 15) => `${prefix}${crypto.randomBytes(bytes).toString("base64url").replace(/[-_]/g, "x")}`;

function finishReason(a: Answer): string {
  if (a.kind === "tool") return "tool_calls";
  return a.finish === "length" ? "length" : "stop";
}

function buildOpenAI(model: string, ans: Answer, n: number, promptTokens: number, stream: boolean, includeUsage: boolean): Prepared {
  const id = newId("chatcmpl-", 21);
  const created = Math.floor(Date.now() / 1000);
  // vLLM-style servers (where Mixtral is usually hosted) send no fingerprint or service tier.
  const openaiHosted = modelFamily(model) === "gpt4";
  const extra = openaiHosted ? { service_tier: "default", system_fingerprint: `fp_${crypto.createHash("sha256").update(model).digest("hex").slice(0, 10)}` } : { system_fingerprint: null };
  const callIds = Array.from({ length: n }, () => newId("call_", 18));
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: ans.completionTokens * n,
    total_tokens: promptTokens + ans.completionTokens * n,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const textPieces = ans.kind === "text" ? splitIntoPieces(ans.text) : [];
  const argPieces = ans.kind === "tool" ? splitFixed(ans.arguments) : [];
  const pieces = ans.kind === "text" ? textPieces.length : argPieces.length;

  const body = () => ({
    id,
    object: "chat.completion",
    created,
    model,
    choices: callIds.map((callId, index) => ({
      index,
      message:
        ans.kind === "text"
          ? { role: "assistant", content: ans.text, refusal: null, annotations: [] }
          : { role: "assistant", content: null, tool_calls: [{ id: callId, type: "function", function: { name: ans.name, arguments: ans.arguments } }], refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: finishReason(ans),
    })),
    usage,
    ...extra,
  });

  const frames = () => {
    // With include_usage every chunk carries "usage": null and one extra chunk with empty choices carries the totals.
    const chunk = (choices: unknown[], usageField?: unknown) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      ...extra,
      choices,
      ...(includeUsage ? { usage: usageField ?? null } : {}),
    });
    const delta = (index: number, d: unknown, finish: string | null = null) => ({ index, delta: d, logprobs: null, finish_reason: finish });
    const perChoice = callIds.map((callId, index) => {
      const out: unknown[] = [];
      if (ans.kind === "text") {
        out.push(delta(index, { role: "assistant", content: "", refusal: null }));
        for (const p of textPieces) out.push(delta(index, { content: p }));
      } else {
        out.push(delta(index, { role: "assistant", content: null, tool_calls: [{ index: 0, id: callId, type: "function", function: { name: ans.name, arguments: "" } }], refusal: null }));
        for (const p of argPieces) out.push(delta(index, { tool_calls: [{ index: 0, function: { arguments: p } }] }));
      }
      out.push(delta(index, {}, finishReason(ans)));
      return out;
    });
    const frames: string[] = [];
    // n > 1: choices are interleaved, as OpenAI sends them.
    for (let step = 0; step < perChoice[0]!.length; step++) {
      for (const seq of perChoice) frames.push(`data: ${JSON.stringify(chunk([seq[step]]))}\n\n`);
    }
    if (includeUsage) frames.push(`data: ${JSON.stringify(chunk([], usage))}\n\n`);
    frames.push("data: [DONE]\n\n");
    return frames;
  };

  return { stream, body, frames, pieces };
}
