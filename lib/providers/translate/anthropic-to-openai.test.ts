import { describe, expect, it } from "vitest";
import {
  fromOpenAIResponse,
  OpenAIToAnthropicStream,
  toOpenAIRequest,
} from "@/lib/providers/translate/anthropic-to-openai";
import { TranslationError } from "@/lib/providers/translate/errors";
import { OPENAI_TEXT_STREAM, OPENAI_TOOL_STREAM, parseSse, rebuildAnthropic } from "@/lib/providers/translate/stream-fixtures";
import type { AnthropicRequest, OpenAIChatCompletion } from "@/lib/providers/translate/types";

const base = (over: Partial<AnthropicRequest> = {}): AnthropicRequest => ({
  model: "public-model",
  max_tokens: 256,
  messages: [{ role: "user", content: "Hi" }],
  ...over,
});

const tools: NonNullable<AnthropicRequest["tools"]> = [
  {
    name: "get_weather",
    description: "Weather for a city",
    input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
  { type: "custom", name: "now", input_schema: { type: "object", properties: {} } },
];

describe("toOpenAIRequest", () => {
  it("maps the basic fields and always asks for streamed usage", () => {
    const out = toOpenAIRequest(
      base({
        system: "You are terse.",
        stop_sequences: ["END"],
        temperature: 0.2,
        top_p: 0.8,
        top_k: 40,
        stream: true,
        metadata: { user_id: "u-42" },
        thinking: { type: "enabled", budget_tokens: 1024 },
      }),
      "gpt-4o",
    );
    expect(out).toEqual({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Hi" },
      ],
      max_tokens: 256,
      stop: ["END"],
      temperature: 0.2,
      top_p: 0.8,
      stream: true,
      stream_options: { include_usage: true },
      user: "u-42",
    });
  });

  it("can put the limit in max_completion_tokens for reasoning models", () => {
    const out = toOpenAIRequest(base(), "o3", { maxTokensField: "max_completion_tokens" });
    expect(out.max_completion_tokens).toBe(256);
    expect(out.max_tokens).toBeUndefined();
  });

  it("joins system text blocks into one system message", () => {
    const out = toOpenAIRequest(
      base({ system: [{ type: "text", text: "Rule one." }, { type: "text", text: "Rule two.", cache_control: { type: "ephemeral" } }] }),
      "m",
    );
    expect(out.messages[0]).toEqual({ role: "system", content: "Rule one.\n\nRule two." });
  });

  it("maps tool_use to tool_calls and tool_result to tool messages placed before the user's text", () => {
    const out = toOpenAIRequest(
      base({
        messages: [
          { role: "user", content: "Weather in Paris and the time?" },
          {
            role: "assistant",
            content: [
              { type: "thinking", thinking: "plan", signature: "sig" },
              { type: "text", text: "Checking." },
              { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
              { type: "tool_use", id: "toolu_2", name: "now", input: {} },
            ],
          },
          {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "18C" }, { type: "text", text: "sunny" }] },
              { type: "tool_result", tool_use_id: "toolu_2", content: "clock unavailable", is_error: true },
              { type: "text", text: "Thanks" },
            ],
          },
        ],
        tools,
      }),
      "m",
    );
    expect(out.messages).toEqual([
      { role: "user", content: "Weather in Paris and the time?" },
      {
        role: "assistant",
        content: "Checking.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "toolu_2", type: "function", function: { name: "now", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "18C\n\nsunny" },
      { role: "tool", tool_call_id: "toolu_2", content: "Error: clock unavailable" },
      { role: "user", content: "Thanks" },
    ]);
  });

  it("gives null content to an assistant turn that only calls tools, and skips thinking-only turns", () => {
    const out = toOpenAIRequest(
      base({
        messages: [
          { role: "user", content: "x" },
          { role: "assistant", content: [{ type: "redacted_thinking", data: "abc" }] },
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "now", input: {} }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "t1" }] },
        ],
      }),
      "m",
    );
    expect(out.messages).toEqual([
      { role: "user", content: "x" },
      { role: "assistant", content: null, tool_calls: [{ id: "t1", type: "function", function: { name: "now", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "t1", content: "" },
    ]);
  });

  it("maps images to image_url parts", () => {
    const out = toOpenAIRequest(
      base({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Compare" },
              { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
              { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
            ],
          },
        ],
      }),
      "m",
    );
    expect(out.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "Compare" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
        { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
      ],
    });
  });

  it("maps tools", () => {
    expect(toOpenAIRequest(base({ tools }), "m").tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
      { type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } },
    ]);
  });

  it.each<[string, AnthropicRequest["tool_choice"], unknown, boolean | undefined]>([
    ["auto", { type: "auto" }, "auto", undefined],
    ["any", { type: "any" }, "required", undefined],
    ["tool", { type: "tool", name: "now" }, { type: "function", function: { name: "now" } }, undefined],
    ["none", { type: "none" }, "none", undefined],
    ["auto without parallel", { type: "auto", disable_parallel_tool_use: true }, "auto", false],
    ["any without parallel", { type: "any", disable_parallel_tool_use: true }, "required", false],
    ["absent", undefined, undefined, undefined],
  ])("tool_choice %s", (_name, choice, expected, parallel) => {
    const out = toOpenAIRequest(base({ tools, tool_choice: choice }), "m");
    expect(out.tool_choice).toEqual(expected);
    expect(out.parallel_tool_calls).toBe(parallel);
  });

  it("sends no tool_choice or parallel flag without tools (OpenAI rejects them)", () => {
    const out = toOpenAIRequest(base({ tool_choice: { type: "auto", disable_parallel_tool_use: true } }), "m");
    expect(out.tools).toBeUndefined();
    expect(out.tool_choice).toBeUndefined();
    expect(out.parallel_tool_calls).toBeUndefined();
  });

  it.each<[string, Partial<AnthropicRequest>, string]>([
    ["server tools", { tools: [{ type: "web_search_20250305", name: "web_search", input_schema: {} }] }, "tools[0].type"],
    [
      "documents",
      { messages: [{ role: "user", content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "" } }] }] },
      "messages[0].content[0]",
    ],
    [
      "images inside tool results",
      {
        messages: [
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: "t",
                content: [{ type: "image", source: { type: "url", url: "https://example.com/a.png" } }],
              },
            ],
          },
        ],
      },
      "messages[0].content[0].content[0]",
    ],
  ])("rejects %s with a TranslationError", (_name, over, param) => {
    let caught: unknown;
    try {
      toOpenAIRequest(base(over), "m");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TranslationError);
    expect((caught as TranslationError).param).toBe(param);
  });
});

const completion = (over: Partial<OpenAIChatCompletion["choices"][number]> = {}, usage?: OpenAIChatCompletion["usage"]): OpenAIChatCompletion => ({
  id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
  object: "chat.completion",
  created: 1741569952,
  model: "gpt-4o-2024-08-06",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello!", refusal: null },
      logprobs: null,
      finish_reason: "stop",
      ...over,
    },
  ],
  usage: usage ?? { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 },
});

describe("fromOpenAIResponse", () => {
  it("maps text, tool calls, id and usage with cached tokens split out", () => {
    const out = fromOpenAIResponse(
      completion(
        {
          message: {
            role: "assistant",
            content: "Checking.",
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
              { id: "call_2", type: "function", function: { name: "now", arguments: "{broken" } },
            ],
          },
          finish_reason: "tool_calls",
        },
        { prompt_tokens: 1200, completion_tokens: 30, total_tokens: 1230, prompt_tokens_details: { cached_tokens: 1024 } },
      ),
      "public-model",
    );
    expect(out).toEqual({
      id: "msg_B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      type: "message",
      role: "assistant",
      model: "public-model",
      content: [
        { type: "text", text: "Checking." },
        { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
        { type: "tool_use", id: "call_2", name: "now", input: {} },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 176, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 },
    });
  });

  it.each<[OpenAIChatCompletion["choices"][number]["finish_reason"], string]>([
    ["stop", "end_turn"],
    ["length", "max_tokens"],
    ["tool_calls", "tool_use"],
    ["function_call", "tool_use"],
    ["content_filter", "refusal"],
    [null, "end_turn"],
  ])("maps finish_reason %s to %s", (finish, stop) => {
    expect(fromOpenAIResponse(completion({ finish_reason: finish }), "p").stop_reason).toBe(stop);
  });

  it("turns a refusal into text with stop_reason refusal, and empty content into no blocks", () => {
    const refused = fromOpenAIResponse(completion({ message: { role: "assistant", content: null, refusal: "I can't help with that." } }), "p");
    expect(refused.content).toEqual([{ type: "text", text: "I can't help with that." }]);
    expect(refused.stop_reason).toBe("refusal");
    expect(fromOpenAIResponse(completion({ message: { role: "assistant", content: "" } }), "p").content).toEqual([]);
  });

  it("keeps ids that do not start with chatcmpl-", () => {
    expect(fromOpenAIResponse({ ...completion(), id: "gen-123" }, "p").id).toBe("msg_gen-123");
  });
});

function run(text: string): { s: OpenAIToAnthropicStream; events: string[] } {
  const s = new OpenAIToAnthropicStream("public-model", "msg_01");
  const events: string[] = [];
  for (const ev of parseSse(text)) events.push(...s.pushData(ev.data));
  events.push(...s.end());
  return { s, events };
}

const parsedEvents = (events: string[]) =>
  parseSse(events.join("")).map((e) => ({ event: e.event, data: JSON.parse(e.data) as unknown }));

const MESSAGE_START = {
  event: "message_start",
  data: {
    type: "message_start",
    message: {
      id: "msg_01",
      type: "message",
      role: "assistant",
      model: "public-model",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    },
  },
};
const ev = (type: string, rest: Record<string, unknown> = {}) => ({ event: type, data: { type, ...rest } });
const textDelta = (index: number, text: string) => ev("content_block_delta", { index, delta: { type: "text_delta", text } });
const jsonDelta = (index: number, partial_json: string) =>
  ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } });

describe("OpenAIToAnthropicStream", () => {
  it("translates a text stream into the exact Anthropic event sequence", () => {
    const { s, events } = run(OPENAI_TEXT_STREAM);
    expect(events.every((e) => /^event: \w+\ndata: \{.*\}\n\n$/s.test(e))).toBe(true);
    expect(parsedEvents(events)).toEqual([
      MESSAGE_START,
      ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
      textDelta(0, "Hello"),
      textDelta(0, ', "world"!\n'),
      ev("content_block_stop", { index: 0 }),
      ev("message_delta", {
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { input_tokens: 176, output_tokens: 10, cache_read_input_tokens: 1024 },
      }),
      ev("message_stop"),
    ]);
    expect(s.usage).toEqual({ inputTokens: 1200, outputTokens: 10, cacheReadInputTokens: 1024, cacheCreationInputTokens: 0 });
    expect(s.stopReason).toBe("end_turn");
    expect(s.failed).toBe(false);
  });

  it("streams each tool call as its own tool_use block", () => {
    const { s, events } = run(OPENAI_TOOL_STREAM);
    expect(parsedEvents(events)).toEqual([
      MESSAGE_START,
      ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
      textDelta(0, "Checking both."),
      ev("content_block_stop", { index: 0 }),
      ev("content_block_start", {
        index: 1,
        content_block: { type: "tool_use", id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", name: "get_weather", input: {} },
      }),
      jsonDelta(1, '{"lo'),
      jsonDelta(1, 'cation": "Paris"}'),
      ev("content_block_stop", { index: 1 }),
      ev("content_block_start", { index: 2, content_block: { type: "tool_use", id: "call_2", name: "get_time", input: {} } }),
      jsonDelta(2, '{"tz":"CET"}'),
      ev("content_block_stop", { index: 2 }),
      ev("message_delta", {
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { input_tokens: 176, output_tokens: 10, cache_read_input_tokens: 1024 },
      }),
      ev("message_stop"),
    ]);
    const rebuilt = rebuildAnthropic(events);
    expect(rebuilt.blocks).toEqual([
      { type: "text", text: "Checking both." },
      { type: "tool_use", id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", name: "get_weather", input: { location: "Paris" } },
      { type: "tool_use", id: "call_2", name: "get_time", input: { tz: "CET" } },
    ]);
    expect(rebuilt.stopReason).toBe("tool_use");
    expect(s.stopReason).toBe("tool_use");
  });

  it("handles a provider that sends whole tool calls in one delta and no usage chunk", () => {
    const s = new OpenAIToAnthropicStream("p", "msg_x");
    const out = [
      ...s.push({
        id: "x",
        object: "chat.completion.chunk",
        created: 0,
        model: "m",
        choices: [
          {
            index: 0,
            delta: {
              role: "assistant",
              tool_calls: [
                { index: 0, id: "a", type: "function", function: { name: "f", arguments: '{"x":1}' } },
                { index: 1, id: "b", type: "function", function: { name: "g", arguments: "{}" } },
              ],
            },
            finish_reason: "tool_calls",
          },
        ],
      }),
      ...s.end(),
    ];
    const rebuilt = rebuildAnthropic(out);
    expect(rebuilt.blocks).toEqual([
      { type: "tool_use", id: "a", name: "f", input: { x: 1 } },
      { type: "tool_use", id: "b", name: "g", input: {} },
    ]);
    expect(rebuilt.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0 });
    expect(s.usage).toBeNull();
  });

  it("turns an in-stream OpenAI error into an Anthropic error event and stops", () => {
    const s = new OpenAIToAnthropicStream("p", "msg_x");
    const chunks = parseSse(OPENAI_TEXT_STREAM);
    const out: string[] = [];
    for (const c of chunks.slice(0, 2)) out.push(...s.pushData(c.data));
    out.push(...s.pushData('{"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}'));
    for (const c of chunks.slice(2)) out.push(...s.pushData(c.data));
    out.push(...s.end());
    expect(s.failed).toBe(true);
    expect(out.at(-1)).toBe('event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Rate limit reached"}}\n\n');
    const rebuilt = rebuildAnthropic(out);
    expect(rebuilt.stopped).toBe(false);
    expect(rebuilt.blocks).toEqual([{ type: "text", text: "Hello" }]);
  });

  it("reports a stream cut off before finishing as an error", () => {
    const s = new OpenAIToAnthropicStream("p", "msg_x");
    const out: string[] = [];
    for (const c of parseSse(OPENAI_TEXT_STREAM).slice(0, 2)) out.push(...s.pushData(c.data));
    out.push(...s.end());
    expect(s.failed).toBe(true);
    expect(rebuildAnthropic(out).errors).toEqual([{ type: "api_error", message: "upstream stream ended before the message was complete" }]);
    expect(s.end()).toEqual([]);
  });

  it("sends message_start even for an empty but complete stream", () => {
    const s = new OpenAIToAnthropicStream("p", "msg_x");
    const out = [...s.pushData("[DONE]"), ...s.end()];
    expect(parsedEvents(out).map((e) => e.event)).toEqual(["message_start", "message_delta", "message_stop"]);
  });
});
