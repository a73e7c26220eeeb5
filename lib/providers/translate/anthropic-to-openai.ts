/**
 * Client speaks Anthropic Messages, upstream speaks OpenAI Chat Completions (OpenAI or compatible).
 * Pure functions and a push-based stream translator: no I/O, no clock, ids are inputs.
 */
import { TranslationError } from "@/lib/providers/translate/errors";
import { isPlainObject, parseToolInput } from "@/lib/providers/translate/shared";
import type {
  AnthropicContentBlock,
  AnthropicRequest,
  AnthropicResponse,
  AnthropicStopReason,
  AnthropicToolChoice,
  AnthropicUsage,
  OpenAIChatCompletion,
  OpenAIChatRequest,
  OpenAIChunk,
  OpenAIContentPart,
  OpenAIFinishReason,
  OpenAIFunctionTool,
  OpenAIMessage,
  OpenAIToolCall,
  OpenAIToolChoice,
  OpenAIUsage,
  StreamUsage,
} from "@/lib/providers/translate/types";

export interface ToOpenAIRequestOptions {
  /**
   * Which field carries the output limit. "max_tokens" (default) is understood by every
   * OpenAI-compatible server; OpenAI's reasoning models (o-series, gpt-5) accept only
   * "max_completion_tokens".
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
}

// ---------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------

/**
 * Maps an Anthropic Messages request onto an OpenAI chat request.
 *
 * - `tool_result` blocks become `tool` messages placed before the rest of their user turn (OpenAI
 *   requires tool messages to follow the assistant tool_calls directly). Error results are
 *   prefixed "Error: " since OpenAI has no is_error flag.
 * - Assistant text blocks are concatenated; thinking blocks are dropped (OpenAI-style upstreams
 *   cannot verify or use them).
 * - Silently dropped: top_k, thinking, cache_control (no OpenAI equivalent; OpenAI caches
 *   prompts automatically).
 * - Streaming always asks for usage (`stream_options.include_usage`) so accounting never depends on
 *   what the client asked for.
 *
 * @throws TranslationError for content OpenAI cannot carry (documents, server tools, images inside
 *   tool results).
 */
export function toOpenAIRequest(
  body: AnthropicRequest,
  upstreamModel: string,
  options: ToOpenAIRequestOptions = {},
): OpenAIChatRequest {
  const messages: OpenAIMessage[] = [];
  const sys = body.system;
  if (typeof sys === "string") {
    if (sys.length > 0) messages.push({ role: "system", content: sys });
  } else if (Array.isArray(sys) && sys.length > 0) {
    let text = "";
    for (let i = 0; i < sys.length; i++) {
      const b = sys[i] as (typeof sys)[number];
      if (b.type !== "text") throw new TranslationError(`system[${i}]: only text blocks are allowed`, `system[${i}]`);
      text = i === 0 ? b.text : `${text}\n\n${b.text}`;
    }
    messages.push({ role: "system", content: text });
  }

  const list = body.messages;
  for (let i = 0; i < list.length; i++) {
    const m = list[i] as (typeof list)[number];
    if (m.role !== "user" && m.role !== "assistant") {
      throw new TranslationError(`messages[${i}].role "${String(m.role)}" is not supported`, `messages[${i}].role`);
    }
    if (typeof m.content === "string") {
      messages.push({ role: m.role, content: m.content });
    } else if (m.role === "user") {
      pushUserTurn(messages, m.content, i);
    } else {
      pushAssistantTurn(messages, m.content, i);
    }
  }

  const out: OpenAIChatRequest = { model: upstreamModel, messages };
  out[options.maxTokensField ?? "max_tokens"] = body.max_tokens;

  const tools = body.tools;
  if (tools && tools.length > 0) {
    const mapped: OpenAIFunctionTool[] = new Array(tools.length);
    for (let i = 0; i < tools.length; i++) {
      const t = tools[i] as (typeof tools)[number];
      if (t.type !== undefined && t.type !== "custom") {
        throw new TranslationError(
          `tools[${i}]: Anthropic built-in tool "${t.type}" is not available with this model's provider`,
          `tools[${i}].type`,
        );
      }
      const fn: OpenAIFunctionTool["function"] = { name: t.name, parameters: t.input_schema };
      if (t.description) fn.description = t.description;
      mapped[i] = { type: "function", function: fn };
    }
    out.tools = mapped;
    const tc = body.tool_choice;
    if (tc) {
      out.tool_choice = mapToolChoice(tc);
      // OpenAI rejects parallel_tool_calls without tools, hence only inside this branch.
      if (tc.type !== "none" && tc.disable_parallel_tool_use) out.parallel_tool_calls = false;
    }
  }

  if (body.stop_sequences && body.stop_sequences.length > 0) out.stop = body.stop_sequences.slice();
  if (body.temperature != null) out.temperature = body.temperature;
  if (body.top_p != null) out.top_p = body.top_p;
  if (body.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  const user = body.metadata?.user_id;
  if (user) out.user = user;
  return out;
}

function mapToolChoice(tc: AnthropicToolChoice): OpenAIToolChoice {
  switch (tc.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      return { type: "function", function: { name: tc.name } };
    default:
      throw new TranslationError(`tool_choice type "${String((tc as { type: unknown }).type)}" is not supported`, "tool_choice");
  }
}

function unsupportedBlock(type: string, param: string): TranslationError {
  return new TranslationError(`${param}: content block type "${type}" is not supported by this model's provider`, param);
}

function pushUserTurn(messages: OpenAIMessage[], blocks: AnthropicContentBlock[], i: number): void {
  const parts: OpenAIContentPart[] = [];
  for (let j = 0; j < blocks.length; j++) {
    const b = blocks[j] as AnthropicContentBlock;
    const param = `messages[${i}].content[${j}]`;
    switch (b.type) {
      case "text":
        parts.push({ type: "text", text: b.text });
        break;
      case "image":
        parts.push({
          type: "image_url",
          image_url: { url: b.source.type === "base64" ? `data:${b.source.media_type};base64,${b.source.data}` : b.source.url },
        });
        break;
      case "tool_result": {
        let text = "";
        const c = b.content;
        if (typeof c === "string") text = c;
        else if (Array.isArray(c)) {
          for (let k = 0; k < c.length; k++) {
            const cb = c[k] as (typeof c)[number];
            if (cb.type !== "text") {
              throw new TranslationError(`${param}.content[${k}]: only text can be returned from a tool to this model's provider`, `${param}.content[${k}]`);
            }
            text = k === 0 ? cb.text : `${text}\n\n${cb.text}`;
          }
        }
        if (b.is_error) text = text.length > 0 ? `Error: ${text}` : "Error";
        messages.push({ role: "tool", tool_call_id: b.tool_use_id, content: text });
        break;
      }
      default:
        throw unsupportedBlock(b.type, param);
    }
  }
  if (parts.length === 0) return;
  const first = parts[0] as OpenAIContentPart;
  messages.push({ role: "user", content: parts.length === 1 && first.type === "text" ? first.text : parts });
}

function pushAssistantTurn(messages: OpenAIMessage[], blocks: AnthropicContentBlock[], i: number): void {
  let text: string | null = null;
  let toolCalls: OpenAIToolCall[] | undefined;
  for (let j = 0; j < blocks.length; j++) {
    const b = blocks[j] as AnthropicContentBlock;
    switch (b.type) {
      case "text":
        text = text === null ? b.text : text + b.text;
        break;
      case "tool_use":
        (toolCalls ??= []).push({
          id: b.id,
          type: "function",
          function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
        });
        break;
      case "thinking":
      case "redacted_thinking":
        break;
      default:
        throw unsupportedBlock(b.type, `messages[${i}].content[${j}]`);
    }
  }
  if (text === null && !toolCalls) return;
  if (toolCalls) messages.push({ role: "assistant", content: text, tool_calls: toolCalls });
  else messages.push({ role: "assistant", content: text });
}

// ---------------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------------

/**
 * OpenAI does not say whether "stop" came from a stop sequence, so it is always end_turn.
 * null (a stream that never said) is end_turn too; callers that saw tool calls pass "tool_calls".
 */
export function mapFinishReason(reason: OpenAIFinishReason | null | undefined): AnthropicStopReason {
  switch (reason) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}

/**
 * OpenAI's prompt_tokens includes cached tokens; Anthropic's input_tokens excludes cache reads, which
 * are reported beside it. Split so an Anthropic client sums to the same total.
 */
export function toAnthropicUsage(u: OpenAIUsage | null | undefined): AnthropicUsage {
  if (!u) return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: u.prompt_tokens - cached,
    output_tokens: u.completion_tokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

export function toAnthropicMessageId(openaiId: string): string {
  return `msg_${openaiId.startsWith("chatcmpl-") ? openaiId.slice(9) : openaiId}`;
}

export function fromOpenAIResponse(resp: OpenAIChatCompletion, publicModel: string): AnthropicResponse {
  const choice = resp.choices[0];
  const content: AnthropicContentBlock[] = [];
  let stop: AnthropicStopReason = "end_turn";
  if (choice) {
    const msg = choice.message;
    if (typeof msg.content === "string" && msg.content.length > 0) content.push({ type: "text", text: msg.content });
    if (msg.refusal) content.push({ type: "text", text: msg.refusal });
    if (msg.tool_calls) {
      for (const call of msg.tool_calls) {
        content.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseToolInput(call.function.arguments) });
      }
    }
    stop = msg.refusal ? "refusal" : mapFinishReason(choice.finish_reason);
  }
  return {
    id: toAnthropicMessageId(resp.id),
    type: "message",
    role: "assistant",
    model: publicModel,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: toAnthropicUsage(resp.usage),
  };
}

// ---------------------------------------------------------------------------------------------------
// Stream
// ---------------------------------------------------------------------------------------------------

const ANTHROPIC_ERROR_TYPES = new Set([
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "rate_limit_error",
  "overloaded_error",
  "api_error",
]);

const BLOCK_STOP_HEAD = `event: content_block_stop\ndata: {"type":"content_block_stop","index":`;
const DELTA_HEAD = `event: content_block_delta\ndata: {"type":"content_block_delta","index":`;

/**
 * Translates OpenAI chunks into Anthropic stream events (`event: X\ndata: {...}\n\n`), in the order
 * Anthropic emits them: message_start, then per block content_block_start / content_block_delta* /
 * content_block_stop (text as text_delta, each tool call as a tool_use block fed by
 * input_json_delta), then from end(): message_delta (stop_reason, usage) and message_stop.
 *
 * Usage: Anthropic reports input_tokens in message_start, but OpenAI only reports usage in its last
 * chunk. message_start therefore carries input_tokens 0 / output_tokens 0, and the real figures
 * (input_tokens, output_tokens, cache_read_input_tokens) go in message_delta.usage, which Anthropic
 * documents as cumulative and its SDKs apply on top of message_start.
 *
 * OpenAI streams parallel tool calls one after another; should a provider interleave them, deltas
 * for an already-stopped tool block are still sent under that block's index (SDKs accumulate by
 * index) rather than dropped.
 */
export class OpenAIToAnthropicStream {
  private readonly model: string;
  private readonly messageId: string;
  private started = false;
  private ended = false;
  private _failed = false;
  private sawDone = false;
  /** Index of the open content block, -1 when none. */
  private openBlock = -1;
  private openIsText = false;
  private nextBlock = 0;
  /** OpenAI tool_calls index -> Anthropic block index. */
  private readonly toolBlocks: number[] = [];
  private sawTool = false;
  private sawRefusal = false;
  private finish: OpenAIFinishReason | null = null;
  private rawUsage: OpenAIUsage | null = null;

  constructor(publicModel: string, messageId: string) {
    this.model = publicModel;
    this.messageId = messageId;
  }

  get usage(): StreamUsage | null {
    const u = this.rawUsage;
    if (!u) return null;
    return {
      inputTokens: u.prompt_tokens,
      outputTokens: u.completion_tokens,
      cacheReadInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
      cacheCreationInputTokens: 0,
    };
  }

  get stopReason(): AnthropicStopReason | null {
    if (this.finish === null && !this.ended) return null;
    return this.resolveStop();
  }

  get failed(): boolean {
    return this._failed;
  }

  /** Convenience for raw SSE `data` payloads: handles `[DONE]`, JSON and in-stream error bodies. */
  pushData(data: string): string[] {
    if (data === "[DONE]") {
      this.sawDone = true;
      return [];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return this._failed || this.ended ? [] : [this.fail("api_error", "upstream sent malformed stream data")];
    }
    if (!isPlainObject(parsed)) return [];
    return this.push(parsed as unknown as OpenAIChunk);
  }

  push(chunk: OpenAIChunk | { error: { message?: string; type?: string } }): string[] {
    const out: string[] = [];
    if (this._failed || this.ended) return out;
    if ("error" in chunk && chunk.error) {
      const t = chunk.error.type ?? "";
      out.push(this.fail(ANTHROPIC_ERROR_TYPES.has(t) ? t : "api_error", chunk.error.message ?? "upstream error"));
      return out;
    }
    const c = chunk as OpenAIChunk;
    this.start(out);
    if (c.usage) this.rawUsage = c.usage;
    const choices = c.choices;
    if (!choices || choices.length === 0) return out;
    const choice = choices[0];
    if (!choice || (choice.index !== undefined && choice.index !== 0)) return out;
    const d = choice.delta;
    if (d) {
      if (d.content) this.text(out, d.content);
      if (d.refusal) {
        this.sawRefusal = true;
        this.text(out, d.refusal);
      }
      const calls = d.tool_calls;
      if (calls) {
        for (let i = 0; i < calls.length; i++) {
          const tc = calls[i] as (typeof calls)[number];
          const idx = tc.index ?? i;
          let block = this.toolBlocks[idx];
          if (block === undefined) {
            block = this.openBlockOf(out, false);
            this.toolBlocks[idx] = block;
            this.sawTool = true;
            const id = tc.id ?? `toolu_${this.messageId}_${idx}`;
            out.push(
              `event: content_block_start\ndata: {"type":"content_block_start","index":${block},"content_block":{"type":"tool_use","id":${JSON.stringify(id)},"name":${JSON.stringify(tc.function?.name ?? "")},"input":{}}}\n\n`,
            );
          }
          const args = tc.function?.arguments;
          if (args) {
            out.push(`${DELTA_HEAD}${block},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(args)}}}\n\n`);
          }
        }
      }
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  /**
   * Closes the message. A stream that showed no sign of completion (no finish_reason, no usage
   * chunk, no [DONE]) was cut off upstream and ends in an error event instead.
   */
  end(): string[] {
    if (this.ended) return [];
    const out: string[] = [];
    if (this._failed) {
      this.ended = true;
      return out;
    }
    if (this.finish === null && this.rawUsage === null && !this.sawDone) {
      out.push(this.fail("api_error", "upstream stream ended before the message was complete"));
      this.ended = true;
      return out;
    }
    this.ended = true;
    this.start(out);
    this.closeOpen(out);
    const u = toAnthropicUsage(this.rawUsage);
    out.push(
      `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"${this.resolveStop()}","stop_sequence":null},"usage":{"input_tokens":${u.input_tokens},"output_tokens":${u.output_tokens},"cache_read_input_tokens":${u.cache_read_input_tokens}}}\n\n`,
      `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
    );
    return out;
  }

  /** For the gateway when the upstream connection fails mid-stream. */
  abort(message: string): string[] {
    if (this._failed || this.ended) return [];
    return [this.fail("api_error", message)];
  }

  private resolveStop(): AnthropicStopReason {
    if (this.sawRefusal) return "refusal";
    if (this.finish === null) return this.sawTool ? "tool_use" : "end_turn";
    return mapFinishReason(this.finish);
  }

  private start(out: string[]): void {
    if (this.started) return;
    this.started = true;
    out.push(
      `event: message_start\ndata: {"type":"message_start","message":{"id":${JSON.stringify(this.messageId)},"type":"message","role":"assistant","model":${JSON.stringify(this.model)},"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}\n\n`,
    );
  }

  private text(out: string[], text: string): void {
    if (this.openBlock === -1 || !this.openIsText) {
      const block = this.openBlockOf(out, true);
      out.push(`event: content_block_start\ndata: {"type":"content_block_start","index":${block},"content_block":{"type":"text","text":""}}\n\n`);
    }
    out.push(`${DELTA_HEAD}${this.openBlock},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`);
  }

  /** Stops the open block and reserves the next index. The caller emits content_block_start. */
  private openBlockOf(out: string[], isText: boolean): number {
    this.closeOpen(out);
    const block = this.nextBlock++;
    this.openBlock = block;
    this.openIsText = isText;
    return block;
  }

  private closeOpen(out: string[]): void {
    if (this.openBlock === -1) return;
    out.push(`${BLOCK_STOP_HEAD}${this.openBlock}}\n\n`);
    this.openBlock = -1;
  }

  private fail(type: string, message: string): string {
    this._failed = true;
    return `event: error\ndata: ${JSON.stringify({ type: "error", error: { type, message } })}\n\n`;
  }
}
