/**
 * Recorded-style vendor streams for the translator tests, modelled on the streams the vendors
 * document (Anthropic "Streaming Messages", OpenAI "chat.completion.chunk" with include_usage), and
 * helpers that rebuild a final message from either protocol's stream. Test-only; not imported by
 * runtime code.
 */
import { SseParser, type SseEvent } from "@/lib/providers/sse";

function sse(events: [string, unknown][]): string {
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("");
}

export function parseSse(text: string): SseEvent[] {
  const p = new SseParser();
  return [...p.push(text), ...p.flush()];
}

export const ANTHROPIC_TEXT_STREAM = sse([
  [
    "message_start",
    {
      type: "message_start",
      message: {
        id: "msg_01XFDUDYJgAACzvnptvVoYEL",
        type: "message",
        role: "assistant",
        content: [],
        model: "claude-sonnet-4-5-20250929",
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: 1 },
      },
    },
  ],
  ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
  ["ping", { type: "ping" }],
  ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } }],
  ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: ", \"world\"!\n" } }],
  ["content_block_stop", { type: "content_block_stop", index: 0 }],
  [
    "message_delta",
    { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 15 } },
  ],
  ["message_stop", { type: "message_stop" }],
]);

export const ANTHROPIC_TOOL_STREAM = sse([
  [
    "message_start",
    {
      type: "message_start",
      message: {
        id: "msg_014p7gG3wDgGV9EUtLvnow3U",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5-20250929",
        stop_sequence: null,
        usage: { input_tokens: 472, output_tokens: 2 },
        content: [],
        stop_reason: null,
      },
    },
  ],
  ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "" } }],
  ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Need weather." } }],
  ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "EqQB" } }],
  ["content_block_stop", { type: "content_block_stop", index: 0 }],
  ["content_block_start", { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } }],
  ["ping", { type: "ping" }],
  ["content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Okay" } }],
  [
    "content_block_delta",
    { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: ", let's check the weather for San Francisco, CA:" } },
  ],
  ["content_block_stop", { type: "content_block_stop", index: 1 }],
  [
    "content_block_start",
    {
      type: "content_block_start",
      index: 2,
      content_block: { type: "tool_use", id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", input: {} },
    },
  ],
  ["content_block_delta", { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: "" } }],
  ["content_block_delta", { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"location":' } }],
  [
    "content_block_delta",
    { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: ' "San Francisco, CA"' } },
  ],
  ["content_block_delta", { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: ', "unit": "fah' } }],
  ["content_block_delta", { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: 'renheit"}' } }],
  ["content_block_stop", { type: "content_block_stop", index: 2 }],
  [
    "content_block_start",
    { type: "content_block_start", index: 3, content_block: { type: "tool_use", id: "toolu_02", name: "get_time", input: {} } },
  ],
  ["content_block_delta", { type: "content_block_delta", index: 3, delta: { type: "input_json_delta", partial_json: '{"tz":"PST"}' } }],
  ["content_block_stop", { type: "content_block_stop", index: 3 }],
  [
    "message_delta",
    { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 89 } },
  ],
  ["message_stop", { type: "message_stop" }],
]);

const OPENAI_META = {
  id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  object: "chat.completion.chunk",
  created: 1741570283,
  model: "gpt-4o-2024-08-06",
  service_tier: "default",
  system_fingerprint: "fp_fc9f1d7035",
};

function openaiChunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return { ...OPENAI_META, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null };
}

function openaiSse(payloads: unknown[]): string {
  return payloads.map((p) => `data: ${typeof p === "string" ? p : JSON.stringify(p)}\n\n`).join("");
}

const OPENAI_USAGE_CHUNK = {
  ...OPENAI_META,
  choices: [],
  usage: {
    prompt_tokens: 1200,
    completion_tokens: 10,
    total_tokens: 1210,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
};

export const OPENAI_TEXT_STREAM = openaiSse([
  openaiChunk({ role: "assistant", content: "", refusal: null }),
  openaiChunk({ content: "Hello" }),
  openaiChunk({ content: ", \"world\"!\n" }),
  openaiChunk({}, "stop"),
  OPENAI_USAGE_CHUNK,
  "[DONE]",
]);

export const OPENAI_TOOL_STREAM = openaiSse([
  openaiChunk({ role: "assistant", content: "", refusal: null }),
  openaiChunk({ content: "Checking both." }),
  openaiChunk({
    tool_calls: [
      { index: 0, id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", type: "function", function: { name: "get_weather", arguments: "" } },
    ],
  }),
  openaiChunk({ tool_calls: [{ index: 0, function: { arguments: '{"lo' } }] }),
  openaiChunk({ tool_calls: [{ index: 0, function: { arguments: 'cation": "Paris"}' } }] }),
  openaiChunk({ tool_calls: [{ index: 1, id: "call_2", type: "function", function: { name: "get_time", arguments: "" } }] }),
  openaiChunk({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] }),
  openaiChunk({}, "tool_calls"),
  OPENAI_USAGE_CHUNK,
  "[DONE]",
]);

export interface RebuiltToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What an OpenAI SDK would accumulate from translated chunk lines. */
export function rebuildOpenAI(lines: string[]): {
  role: string | null;
  content: string;
  toolCalls: RebuiltToolCall[];
  finishReason: string | null;
  usage: unknown;
  errors: unknown[];
  done: boolean;
} {
  const r = {
    role: null as string | null,
    content: "",
    toolCalls: [] as RebuiltToolCall[],
    finishReason: null as string | null,
    usage: undefined as unknown,
    errors: [] as unknown[],
    done: false,
  };
  for (const ev of parseSse(lines.join(""))) {
    if (ev.data === "[DONE]") {
      r.done = true;
      continue;
    }
    const c = JSON.parse(ev.data);
    if (c.error) {
      r.errors.push(c.error);
      continue;
    }
    if (c.usage) r.usage = c.usage;
    for (const ch of c.choices) {
      const d = ch.delta;
      if (d.role) r.role = d.role;
      if (d.content) r.content += d.content;
      for (const tc of d.tool_calls ?? []) {
        const t = (r.toolCalls[tc.index] ??= { id: "", name: "", arguments: "" });
        if (tc.id) t.id = tc.id;
        if (tc.function?.name) t.name = tc.function.name;
        if (tc.function?.arguments) t.arguments += tc.function.arguments;
      }
      if (ch.finish_reason) r.finishReason = ch.finish_reason;
    }
  }
  return r;
}

/** What an Anthropic SDK would accumulate from translated event strings. */
export function rebuildAnthropic(events: string[]): {
  message: Record<string, unknown> | null;
  blocks: Record<string, unknown>[];
  stopReason: string | null;
  usage: Record<string, number>;
  errors: unknown[];
  stopped: boolean;
} {
  const r = {
    message: null as Record<string, unknown> | null,
    blocks: [] as Record<string, unknown>[],
    stopReason: null as string | null,
    usage: {} as Record<string, number>,
    errors: [] as unknown[],
    stopped: false,
  };
  const json: string[] = [];
  for (const ev of parseSse(events.join(""))) {
    const e = JSON.parse(ev.data);
    if (ev.event !== e.type) throw new Error(`event name ${ev.event} does not match type ${e.type}`);
    switch (e.type) {
      case "message_start":
        r.message = e.message;
        Object.assign(r.usage, e.message.usage);
        break;
      case "content_block_start":
        r.blocks[e.index] = { ...e.content_block };
        json[e.index] = "";
        break;
      case "content_block_delta": {
        const b = r.blocks[e.index] as Record<string, unknown>;
        if (e.delta.type === "text_delta") b.text = (b.text as string) + e.delta.text;
        if (e.delta.type === "input_json_delta") json[e.index] += e.delta.partial_json;
        break;
      }
      case "content_block_stop": {
        const b = r.blocks[e.index] as Record<string, unknown>;
        if (b.type === "tool_use" && json[e.index]) b.input = JSON.parse(json[e.index] as string);
        break;
      }
      case "message_delta":
        r.stopReason = e.delta.stop_reason;
        Object.assign(r.usage, e.usage);
        break;
      case "message_stop":
        r.stopped = true;
        break;
      case "error":
        r.errors.push(e.error);
        break;
    }
  }
  return r;
}
