/**
 * Client speaks OpenAI Chat Completions, upstream speaks Anthropic Messages.
 * Pure functions and a push-based stream translator: no I/O, no clock, ids and timestamps are inputs.
 */
import { TranslationError } from "@/lib/providers/translate/errors";
import { isPlainObject, parseToolInput } from "@/lib/providers/translate/shared";
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicResponse,
  AnthropicStopReason,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
  AnthropicUsage,
  OpenAIChatCompletion,
  OpenAIChatRequest,
  OpenAIContentPart,
  OpenAIFinishReason,
  OpenAIMessage,
  OpenAIToolCall,
  OpenAIUsage,
  StreamUsage,
} from "@/lib/providers/translate/types";

export const JSON_OBJECT_INSTRUCTION = "Respond with a single valid JSON object.";

// ---------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------

/**
 * Maps an OpenAI chat request onto an Anthropic Messages request.
 *
 * - Every system/developer message, wherever it sits, is hoisted into `system` (joined by a blank
 *   line): Anthropic has no mid-conversation system turns.
 * - Anthropic requires user/assistant alternation, so consecutive same-role turns are merged, and
 *   `tool` messages become `tool_result` blocks at the front of a user turn (Anthropic requires
 *   tool results to precede any text in that turn).
 * - Empty text is dropped: Anthropic rejects empty text blocks.
 * - Silently dropped (no Anthropic equivalent, harmless to ignore): presence/frequency penalties,
 *   logit_bias, seed, stream_options (the stream translator handles usage), tool `strict`, image detail.
 *
 * @throws TranslationError for parameters whose meaning cannot be preserved (n > 1, logprobs,
 *   json_schema response formats, audio, non-function tools, unsupported content parts).
 */
export function toAnthropicRequest(
  body: OpenAIChatRequest,
  upstreamModel: string,
  defaultMaxTokens: number,
): AnthropicRequest {
  rejectUnsupported(body);

  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  let historyHasToolBlocks = false;

  const list = body.messages;
  for (let i = 0; i < list.length; i++) {
    const m = list[i] as OpenAIMessage;
    switch (m.role) {
      case "system":
      case "developer": {
        const text = joinText(m.content, `messages[${i}].content`);
        if (text.length > 0) system.push(text);
        break;
      }
      case "user":
        appendTurn(messages, "user", userContent(m.content, i));
        break;
      case "assistant": {
        const blocks: AnthropicContentBlock[] = [];
        const c = m.content;
        if (typeof c === "string") {
          if (c.length > 0) blocks.push({ type: "text", text: c });
        } else if (Array.isArray(c)) {
          for (const p of c) {
            const text = p.type === "text" ? p.text : p.type === "refusal" ? p.refusal : "";
            if (text.length > 0) blocks.push({ type: "text", text });
          }
        }
        if (blocks.length === 0 && m.refusal) blocks.push({ type: "text", text: m.refusal });
        const calls = m.tool_calls;
        if (calls && calls.length > 0) {
          historyHasToolBlocks = true;
          for (const call of calls) {
            blocks.push({
              type: "tool_use",
              id: call.id,
              name: call.function.name,
              input: parseToolInput(call.function.arguments),
            });
          }
        }
        // A lone string stays a string (smaller payload); merging converts it to blocks if needed.
        appendTurn(messages, "assistant", typeof c === "string" && c.length > 0 && blocks.length === 1 ? c : blocks);
        break;
      }
      case "tool": {
        historyHasToolBlocks = true;
        const block: AnthropicToolResultBlock = { type: "tool_result", tool_use_id: m.tool_call_id };
        const c = m.content;
        if (typeof c === "string") {
          if (c.length > 0) block.content = c;
        } else if (Array.isArray(c)) {
          const parts: AnthropicTextBlock[] = [];
          for (const p of c) {
            if (p.type !== "text") throw new TranslationError(`messages[${i}].content: tool messages may only contain text parts`, `messages[${i}].content`);
            if (p.text.length > 0) parts.push({ type: "text", text: p.text });
          }
          if (parts.length > 0) block.content = parts;
        }
        appendToolResult(messages, block);
        break;
      }
      case "function":
        throw new TranslationError(
          `messages[${i}]: the deprecated "function" role is not supported; use "tool" messages`,
          `messages[${i}].role`,
        );
      default:
        throw new TranslationError(
          `messages[${i}].role "${String((m as { role: unknown }).role)}" is not supported`,
          `messages[${i}].role`,
        );
    }
  }

  const rf = body.response_format;
  if (rf && rf.type === "json_object") system.push(JSON_OBJECT_INSTRUCTION);

  const out: AnthropicRequest = {
    model: upstreamModel,
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? defaultMaxTokens,
    messages,
  };
  if (system.length > 0) out.system = system.join("\n\n");

  const tools = body.tools;
  if (tools && tools.length > 0) {
    const choice = body.tool_choice;
    if (choice === "none") {
      // Omitting the tools saves their prompt tokens, but Anthropic rejects a history containing
      // tool_use/tool_result blocks without tool definitions, so then keep them and say "none".
      if (historyHasToolBlocks) {
        out.tools = mapTools(tools);
        out.tool_choice = { type: "none" };
      }
    } else {
      out.tools = mapTools(tools);
      const tc = mapToolChoice(choice, body.parallel_tool_calls === false);
      if (tc) out.tool_choice = tc;
    }
  }

  const stop = body.stop;
  if (typeof stop === "string") {
    if (stop.length > 0) out.stop_sequences = [stop];
  } else if (Array.isArray(stop)) {
    const seqs = stop.filter((s) => s.length > 0);
    if (seqs.length > 0) out.stop_sequences = seqs;
  }
  // OpenAI's range is [0, 2], Anthropic's [0, 1]: clamp rather than rescale, so 0.7 means 0.7 on both.
  if (body.temperature != null) out.temperature = Math.min(1, Math.max(0, body.temperature));
  if (body.top_p != null) out.top_p = body.top_p;
  if (body.stream) out.stream = true;
  if (body.user) out.metadata = { user_id: body.user };
  return out;
}

function rejectUnsupported(body: OpenAIChatRequest): void {
  if (body.n != null && body.n > 1) {
    throw new TranslationError("n > 1 is not supported by this model's provider; send separate requests", "n");
  }
  if (body.logprobs) throw new TranslationError("logprobs is not supported by this model's provider", "logprobs");
  if (body.top_logprobs != null && body.top_logprobs > 0) {
    throw new TranslationError("top_logprobs is not supported by this model's provider", "top_logprobs");
  }
  const rf = body.response_format;
  if (rf && rf.type !== "text" && rf.type !== "json_object") {
    throw new TranslationError(
      `response_format type "${rf.type}" is not supported by this model's provider; use "json_object" or describe the schema in the prompt`,
      "response_format",
    );
  }
  if (body.audio != null || (body.modalities && body.modalities.includes("audio"))) {
    throw new TranslationError("audio output is not supported by this model's provider", "modalities");
  }
}

function joinText(content: string | { type: string; text?: string }[], param: string): string {
  if (typeof content === "string") return content;
  let text = "";
  for (const p of content) {
    if (p.type !== "text" || typeof p.text !== "string") {
      throw new TranslationError(`${param}: only text parts are allowed here`, param);
    }
    text += p.text;
  }
  return text;
}

function userContent(content: string | OpenAIContentPart[], i: number): string | AnthropicContentBlock[] {
  if (typeof content === "string") return content;
  const blocks: AnthropicContentBlock[] = [];
  for (let j = 0; j < content.length; j++) {
    const p = content[j] as OpenAIContentPart;
    switch (p.type) {
      case "text":
        if (p.text.length > 0) blocks.push({ type: "text", text: p.text });
        break;
      case "image_url":
        blocks.push(imageBlock(p.image_url.url, `messages[${i}].content[${j}].image_url.url`));
        break;
      case "refusal":
        if (p.refusal.length > 0) blocks.push({ type: "text", text: p.refusal });
        break;
      default:
        throw new TranslationError(
          `messages[${i}].content[${j}]: content part type "${p.type}" is not supported by this model's provider`,
          `messages[${i}].content[${j}].type`,
        );
    }
  }
  return blocks;
}

function imageBlock(url: string, param: string): AnthropicImageBlock {
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    const meta = comma === -1 ? "" : url.slice(5, comma);
    if (!meta.endsWith(";base64") || meta.length === 7) {
      throw new TranslationError(`${param}: data URLs must be base64 with a media type (data:image/png;base64,...)`, param);
    }
    return { type: "image", source: { type: "base64", media_type: meta.slice(0, -7), data: url.slice(comma + 1) } };
  }
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw new TranslationError(`${param}: image URLs must be http(s) or base64 data URLs`, param);
}

function toBlocks(m: AnthropicMessage): AnthropicContentBlock[] {
  if (typeof m.content === "string") {
    m.content = m.content.length > 0 ? [{ type: "text", text: m.content }] : [];
  }
  return m.content;
}

/** Appends a turn, merging into the previous one when the role repeats. Every array here is ours. */
function appendTurn(messages: AnthropicMessage[], role: "user" | "assistant", content: string | AnthropicContentBlock[]): void {
  if (content.length === 0) return;
  const last = messages[messages.length - 1];
  if (!last || last.role !== role) {
    messages.push({ role, content });
    return;
  }
  const blocks = toBlocks(last);
  if (typeof content === "string") blocks.push({ type: "text", text: content });
  else for (const b of content) blocks.push(b);
}

function appendToolResult(messages: AnthropicMessage[], block: AnthropicToolResultBlock): void {
  const last = messages[messages.length - 1];
  if (!last || last.role !== "user") {
    messages.push({ role: "user", content: [block] });
    return;
  }
  const blocks = toBlocks(last);
  let at = 0;
  while (at < blocks.length && (blocks[at] as AnthropicContentBlock).type === "tool_result") at++;
  if (at === blocks.length) blocks.push(block);
  else blocks.splice(at, 0, block);
}

function mapTools(tools: NonNullable<OpenAIChatRequest["tools"]>): AnthropicTool[] {
  const out: AnthropicTool[] = new Array(tools.length);
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i] as (typeof tools)[number];
    if (t.type !== "function") {
      throw new TranslationError(`tools[${i}]: tool type "${String(t.type)}" is not supported; only "function" tools are`, `tools[${i}].type`);
    }
    const f = t.function;
    const tool: AnthropicTool = {
      name: f.name,
      // Anthropic requires an object schema; OpenAI allows omitting parameters for no-arg functions.
      input_schema: f.parameters ?? { type: "object", properties: {} },
    };
    if (f.description) tool.description = f.description;
    out[i] = tool;
  }
  return out;
}

function mapToolChoice(choice: OpenAIChatRequest["tool_choice"], disableParallel: boolean): AnthropicToolChoice | undefined {
  // Anthropic's default is auto; only spell it out when asked to or when it carries the parallel flag.
  const flag = disableParallel ? { disable_parallel_tool_use: true } : undefined;
  if (choice === undefined) return flag ? { type: "auto", ...flag } : undefined;
  if (choice === "auto") return { type: "auto", ...flag };
  if (choice === "required") return { type: "any", ...flag };
  if (typeof choice === "object" && choice !== null && choice.type === "function") {
    return { type: "tool", name: choice.function.name, ...flag };
  }
  throw new TranslationError(`tool_choice ${JSON.stringify(choice)} is not supported`, "tool_choice");
}

// ---------------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------------

/**
 * `pause_turn` (a server-tool loop paused) has no OpenAI analogue; the turn did end, so "stop".
 * `model_context_window_exceeded` is a length stop. null only occurs mid-stream.
 */
export function mapStopReason(reason: AnthropicStopReason | null | undefined): OpenAIFinishReason | null {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    case null:
    case undefined:
      return null;
    default:
      return "stop";
  }
}

/** OpenAI's prompt_tokens counts every prompt token; Anthropic splits cache reads/writes out. */
export function toOpenAIUsage(u: AnthropicUsage): OpenAIUsage {
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const prompt = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + cacheRead;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output_tokens,
    total_tokens: prompt + u.output_tokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}

/** Thinking and server-tool blocks are not representable in Chat Completions and are dropped. */
export function fromAnthropicResponse(
  resp: AnthropicResponse,
  publicModel: string,
  id: string,
  created: number,
): OpenAIChatCompletion {
  let text = "";
  let hasText = false;
  let toolCalls: OpenAIToolCall[] | undefined;
  for (const b of resp.content) {
    if (b.type === "text") {
      text += b.text;
      hasText = true;
    } else if (b.type === "tool_use") {
      (toolCalls ??= []).push({
        id: b.id,
        type: "function",
        function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
      });
    }
  }
  const message: OpenAIChatCompletion["choices"][number]["message"] = {
    role: "assistant",
    content: hasText ? text : null,
    refusal: null,
  };
  if (toolCalls) message.tool_calls = toolCalls;
  return {
    id,
    object: "chat.completion",
    created,
    model: publicModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapStopReason(resp.stop_reason) ?? "stop" }],
    usage: toOpenAIUsage(resp.usage),
  };
}

// ---------------------------------------------------------------------------------------------------
// Stream
// ---------------------------------------------------------------------------------------------------

const DONE_LINE = "data: [DONE]\n\n";

const OPENAI_ERROR_TYPE: Record<string, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  request_too_large: "invalid_request_error",
  rate_limit_error: "rate_limit_error",
};

/**
 * Translates Anthropic stream events (as parsed by SseParser) into OpenAI chunk lines, each ready
 * to write (`data: {...}\n\n`). Chunks are assembled from precomputed string pieces rather than
 * JSON.stringify of whole objects: only user-derived strings are escaped per event.
 *
 * Emitted sequence: a role chunk (`{"role":"assistant","content":""}`) on message_start, one chunk
 * per text delta, tool-call deltas (the first per call carries index/id/type/name and arguments ""),
 * a finish chunk on message_delta, then from end(): the usage chunk (`choices: []`, only when the
 * client asked for include_usage) and `data: [DONE]`. With include_usage every chunk also carries
 * `"usage":null`, as OpenAI does.
 *
 * An Anthropic `error` event, malformed data, or a stream that ends without message_stop becomes an
 * OpenAI error payload line and sets `failed`; nothing but [DONE] follows it.
 */
export class AnthropicToOpenAIStream {
  private readonly head: string;
  private readonly tail: string;
  private readonly usageHead: string;
  private readonly includeUsage: boolean;
  private started = false;
  private finished = false;
  private stopped = false;
  private ended = false;
  private _failed = false;
  private _finish: OpenAIFinishReason | null = null;
  private _usage: StreamUsage | null = null;
  /** Anthropic block index -> OpenAI tool_calls index (only tool_use blocks are present). */
  private readonly toolIndex: number[] = [];
  private toolCount = 0;

  constructor(publicModel: string, id: string, created: number, includeUsage: boolean) {
    const meta = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(publicModel)},`;
    this.head = `data: ${meta}"choices":[{"index":0,"delta":`;
    this.tail = includeUsage ? `}],"usage":null}\n\n` : `}]}\n\n`;
    this.usageHead = `data: ${meta}"choices":[],"usage":`;
    this.includeUsage = includeUsage;
  }

  /** Known once message_start arrived; updated by message_delta. Captured whatever includeUsage. */
  get usage(): StreamUsage | null {
    return this._usage;
  }

  get finishReason(): OpenAIFinishReason | null {
    return this._finish;
  }

  get failed(): boolean {
    return this._failed;
  }

  push(ev: { event?: string; data: string }): string[] {
    const out: string[] = [];
    if (this._failed || this.ended) return out;
    let msg: { type?: string; [k: string]: unknown };
    try {
      msg = JSON.parse(ev.data) as typeof msg;
    } catch {
      out.push(this.fail("server_error", "upstream sent malformed stream data", "api_error"));
      return out;
    }
    if (!isPlainObject(msg)) return out;
    const type = typeof msg.type === "string" ? msg.type : ev.event;
    switch (type) {
      case "message_start": {
        const message = msg.message as AnthropicResponse | undefined;
        if (message && message.usage) this.setUsage(message.usage);
        this.start(out);
        break;
      }
      case "content_block_start": {
        this.start(out);
        const index = msg.index as number;
        const block = msg.content_block as AnthropicContentBlock | undefined;
        if (!block) break;
        if (block.type === "text") {
          if (block.text) out.push(this.chunk(`{"content":${JSON.stringify(block.text)}}`));
        } else if (block.type === "tool_use") {
          const n = this.toolCount++;
          this.toolIndex[index] = n;
          // Real streams start with input {}; a pre-filled input would otherwise be lost.
          const args = block.input && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : "";
          out.push(
            this.chunk(
              `{"tool_calls":[{"index":${n},"id":${JSON.stringify(block.id)},"type":"function","function":{"name":${JSON.stringify(block.name)},"arguments":${JSON.stringify(args)}}}]}`,
            ),
          );
        }
        // thinking / server tool blocks: not representable in Chat Completions.
        break;
      }
      case "content_block_delta": {
        this.start(out);
        const delta = msg.delta as { type: string; text?: string; partial_json?: string } | undefined;
        if (!delta) break;
        if (delta.type === "text_delta") {
          if (delta.text) out.push(this.chunk(`{"content":${JSON.stringify(delta.text)}}`));
        } else if (delta.type === "input_json_delta") {
          const n = this.toolIndex[msg.index as number];
          if (n !== undefined && delta.partial_json) {
            out.push(this.chunk(`{"tool_calls":[{"index":${n},"function":{"arguments":${JSON.stringify(delta.partial_json)}}}]}`));
          }
        }
        break;
      }
      case "message_delta": {
        this.start(out);
        const usage = msg.usage as Partial<AnthropicUsage> | undefined;
        if (usage) this.setUsage(usage);
        const delta = msg.delta as { stop_reason?: AnthropicStopReason | null } | undefined;
        const finish = mapStopReason(delta?.stop_reason);
        if (finish) this.emitFinish(out, finish);
        break;
      }
      case "message_stop":
        this.stopped = true;
        break;
      case "error": {
        const err = msg.error as { type?: string; message?: string } | undefined;
        const upstreamType = err?.type ?? "api_error";
        out.push(this.fail(OPENAI_ERROR_TYPE[upstreamType] ?? "server_error", err?.message ?? "upstream error", upstreamType));
        break;
      }
      default:
        break; // ping, content_block_stop, future event types
    }
    return out;
  }

  /**
   * Completes the client stream. A stream that never reached message_stop was cut off upstream:
   * the client gets an error line instead of a truncated answer that looks complete.
   */
  end(): string[] {
    if (this.ended) return [];
    this.ended = true;
    const out: string[] = [];
    if (!this._failed && !this.stopped) {
      out.push(this.fail("server_error", "upstream stream ended before the message was complete", "api_error"));
    }
    if (!this._failed) {
      if (!this.finished) this.emitFinish(out, this._finish ?? "stop");
      if (this.includeUsage) {
        const u = this._usage;
        const input = u ? u.inputTokens : 0;
        const output = u ? u.outputTokens : 0;
        const cached = u ? u.cacheReadInputTokens : 0;
        out.push(
          `${this.usageHead}{"prompt_tokens":${input},"completion_tokens":${output},"total_tokens":${input + output},"prompt_tokens_details":{"cached_tokens":${cached}}}}\n\n`,
        );
      }
    }
    out.push(DONE_LINE);
    return out;
  }

  /** For the gateway when the upstream connection fails mid-stream. */
  abort(message: string): string[] {
    if (this._failed || this.ended) return [];
    return [this.fail("server_error", message, "api_error")];
  }

  private chunk(delta: string, finish = "null"): string {
    return `${this.head}${delta},"logprobs":null,"finish_reason":${finish}${this.tail}`;
  }

  private start(out: string[]): void {
    if (this.started) return;
    this.started = true;
    out.push(this.chunk(`{"role":"assistant","content":""}`));
  }

  private emitFinish(out: string[], finish: OpenAIFinishReason): void {
    this._finish = finish;
    if (this.finished) return;
    this.start(out);
    this.finished = true;
    out.push(this.chunk("{}", `"${finish}"`));
  }

  private setUsage(u: Partial<AnthropicUsage>): void {
    // message_delta usage is cumulative and may omit the input side; keep what message_start said.
    const prev = this._usage;
    const cacheRead = u.cache_read_input_tokens ?? prev?.cacheReadInputTokens ?? 0;
    const cacheCreation = u.cache_creation_input_tokens ?? prev?.cacheCreationInputTokens ?? 0;
    const uncached = u.input_tokens ?? (prev ? prev.inputTokens - prev.cacheReadInputTokens - prev.cacheCreationInputTokens : 0);
    this._usage = {
      inputTokens: uncached + cacheRead + cacheCreation,
      outputTokens: u.output_tokens ?? prev?.outputTokens ?? 0,
      cacheReadInputTokens: cacheRead,
      cacheCreationInputTokens: cacheCreation,
    };
  }

  private fail(type: string, message: string, code: string): string {
    this._failed = true;
    return `data: ${JSON.stringify({ error: { message, type, param: null, code } })}\n\n`;
  }
}
