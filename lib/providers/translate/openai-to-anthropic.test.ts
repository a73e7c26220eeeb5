import { describe, expect, it } from "vitest";
import { TranslationError } from "@/lib/providers/translate/errors";
import {
  AnthropicToOpenAIStream,
  fromAnthropicResponse,
  JSON_OBJECT_INSTRUCTION,
  toAnthropicRequest,
} from "@/lib/providers/translate/openai-to-anthropic";
import { ANTHROPIC_TEXT_STREAM, ANTHROPIC_TOOL_STREAM, parseSse, rebuildOpenAI } from "@/lib/providers/translate/stream-fixtures";
import type { AnthropicResponse, OpenAIChatRequest } from "@/lib/providers/translate/types";

const base = (over: Partial<OpenAIChatRequest> = {}): OpenAIChatRequest => ({
  model: "public-model",
  messages: [{ role: "user", content: "Hi" }],
  ...over,
});

const tools: NonNullable<OpenAIChatRequest["tools"]> = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
  { type: "function", function: { name: "now" } },
];

describe("toAnthropicRequest", () => {
  it("maps the basic fields", () => {
    const out = toAnthropicRequest(
      base({ max_tokens: 50, temperature: 0.3, top_p: 0.9, stream: true, user: "u-42", stop: "END" }),
      "claude-sonnet-4-5",
      1024,
    );
    expect(out).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 50,
      messages: [{ role: "user", content: "Hi" }],
      stop_sequences: ["END"],
      temperature: 0.3,
      top_p: 0.9,
      stream: true,
      metadata: { user_id: "u-42" },
    });
  });

  it.each<[string, Partial<OpenAIChatRequest>, number]>([
    ["default", {}, 1024],
    ["max_tokens", { max_tokens: 10 }, 10],
    ["max_completion_tokens wins", { max_tokens: 10, max_completion_tokens: 20 }, 20],
    ["null falls back", { max_tokens: null }, 1024],
  ])("max_tokens: %s", (_name, over, expected) => {
    expect(toAnthropicRequest(base(over), "m", 1024).max_tokens).toBe(expected);
  });

  it.each<[number, number]>([
    [0, 0],
    [0.5, 0.5],
    [1, 1],
    [1.7, 1],
    [2, 1],
  ])("clamps temperature %d to %d", (t, expected) => {
    expect(toAnthropicRequest(base({ temperature: t }), "m", 1).temperature).toBe(expected);
  });

  it.each<[string, OpenAIChatRequest["stop"], string[] | undefined]>([
    ["string", "###", ["###"]],
    ["array", ["a", "b"], ["a", "b"]],
    ["empty strings dropped", ["", "x"], ["x"]],
    ["empty array", [], undefined],
    ["null", null, undefined],
  ])("stop %s", (_name, stop, expected) => {
    expect(toAnthropicRequest(base({ stop }), "m", 1).stop_sequences).toEqual(expected);
  });

  it("keeps an assistant refusal as text", () => {
    const out = toAnthropicRequest(
      base({ messages: [{ role: "user", content: "x" }, { role: "assistant", content: "", refusal: "I can't." }] }),
      "m",
      1,
    );
    expect(out.messages[1]).toEqual({ role: "assistant", content: [{ type: "text", text: "I can't." }] });
  });

  it("hoists system and developer messages, wherever they are, into system", () => {
    const out = toAnthropicRequest(
      base({
        messages: [
          { role: "system", content: "You are terse." },
          { role: "developer", content: [{ type: "text", text: "Use metric " }, { type: "text", text: "units." }] },
          { role: "user", content: "Hi" },
          { role: "system", content: "Late rule." },
        ],
      }),
      "m",
      1,
    );
    expect(out.system).toBe("You are terse.\n\nUse metric units.\n\nLate rule.");
    expect(out.messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("turns json_object into a system instruction and leaves text alone", () => {
    const json = toAnthropicRequest(
      base({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "x" }], response_format: { type: "json_object" } }),
      "m",
      1,
    );
    expect(json.system).toBe(`Be brief.\n\n${JSON_OBJECT_INSTRUCTION}`);
    expect(toAnthropicRequest(base({ response_format: { type: "json_object" } }), "m", 1).system).toBe(JSON_OBJECT_INSTRUCTION);
    expect(toAnthropicRequest(base({ response_format: { type: "text" } }), "m", 1).system).toBeUndefined();
  });

  it("merges consecutive same-role messages so roles alternate", () => {
    const out = toAnthropicRequest(
      base({
        messages: [
          { role: "user", content: "one" },
          { role: "user", content: [{ type: "text", text: "two" }] },
          { role: "assistant", content: "three" },
          { role: "assistant", content: "four" },
          { role: "user", content: "" },
          { role: "user", content: "five" },
        ],
      }),
      "m",
      1,
    );
    expect(out.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "one" }, { type: "text", text: "two" }] },
      { role: "assistant", content: [{ type: "text", text: "three" }, { type: "text", text: "four" }] },
      { role: "user", content: "five" },
    ]);
  });

  it("maps tool calls and tool results, merging consecutive results into one user turn", () => {
    const out = toAnthropicRequest(
      base({
        messages: [
          { role: "user", content: "Weather in Paris and the time?" },
          {
            role: "assistant",
            content: "Checking.",
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
              { id: "call_2", type: "function", function: { name: "now", arguments: "{not json" } },
              { id: "call_3", type: "function", function: { name: "now", arguments: "[1,2]" } },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "18C" },
          { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "12:00" }] },
          { role: "tool", tool_call_id: "call_3", content: "" },
          { role: "user", content: "Thanks" },
        ],
        tools,
      }),
      "m",
      1,
    );
    expect(out.messages).toEqual([
      { role: "user", content: "Weather in Paris and the time?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_use", id: "call_2", name: "now", input: {} },
          { type: "tool_use", id: "call_3", name: "now", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "18C" },
          { type: "tool_result", tool_use_id: "call_2", content: [{ type: "text", text: "12:00" }] },
          { type: "tool_result", tool_use_id: "call_3" },
          { type: "text", text: "Thanks" },
        ],
      },
    ]);
  });

  it("keeps tool results ahead of text in a user turn, as Anthropic requires", () => {
    const out = toAnthropicRequest(
      base({
        messages: [
          { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "now", arguments: "{}" } }] },
          { role: "user", content: "note" },
          { role: "tool", tool_call_id: "c1", content: "12:00" },
        ],
      }),
      "m",
      1,
    );
    expect(out.messages[1]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "c1", content: "12:00" },
        { type: "text", text: "note" },
      ],
    });
  });

  it("maps image parts: data URLs to base64 sources, http(s) to url sources", () => {
    const out = toAnthropicRequest(
      base({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Compare" },
              { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
              { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "high" } },
            ],
          },
        ],
      }),
      "m",
      1,
    );
    expect(out.messages[0]?.content).toEqual([
      { type: "text", text: "Compare" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("maps tools and drops OpenAI-only fields", () => {
    const out = toAnthropicRequest(base({ tools }), "m", 1);
    expect(out.tools).toEqual([
      {
        name: "get_weather",
        description: "Weather for a city",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
      { name: "now", input_schema: { type: "object", properties: {} } },
    ]);
    expect(out.tool_choice).toBeUndefined();
  });

  it.each<[string, Partial<OpenAIChatRequest>, unknown]>([
    ["auto", { tool_choice: "auto" }, { type: "auto" }],
    ["required", { tool_choice: "required" }, { type: "any" }],
    ["named function", { tool_choice: { type: "function", function: { name: "now" } } }, { type: "tool", name: "now" }],
    ["parallel off, no choice", { parallel_tool_calls: false }, { type: "auto", disable_parallel_tool_use: true }],
    ["parallel off, required", { tool_choice: "required", parallel_tool_calls: false }, { type: "any", disable_parallel_tool_use: true }],
    ["parallel on", { parallel_tool_calls: true }, undefined],
  ])("tool_choice %s", (_name, over, expected) => {
    const out = toAnthropicRequest(base({ tools, ...over }), "m", 1);
    expect(out.tools).toHaveLength(2);
    expect(out.tool_choice).toEqual(expected);
  });

  it('tool_choice "none" omits tools, unless the history holds tool blocks', () => {
    const fresh = toAnthropicRequest(base({ tools, tool_choice: "none" }), "m", 1);
    expect(fresh.tools).toBeUndefined();
    expect(fresh.tool_choice).toBeUndefined();

    const withHistory = toAnthropicRequest(
      base({
        tools,
        tool_choice: "none",
        messages: [
          { role: "user", content: "time?" },
          { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "now", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "c1", content: "12:00" },
        ],
      }),
      "m",
      1,
    );
    expect(withHistory.tools).toHaveLength(2);
    expect(withHistory.tool_choice).toEqual({ type: "none" });
  });

  it.each<[string, Partial<OpenAIChatRequest>, string]>([
    ["n > 1", { n: 2 }, "n"],
    ["logprobs", { logprobs: true }, "logprobs"],
    ["top_logprobs", { top_logprobs: 3 }, "top_logprobs"],
    [
      "json_schema",
      { response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } } },
      "response_format",
    ],
    ["audio output", { modalities: ["text", "audio"] }, "modalities"],
    ["function role", { messages: [{ role: "function", name: "f", content: "x" }] }, "messages[0].role"],
    [
      "audio input part",
      { messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "", format: "wav" } }] }] },
      "messages[0].content[0].type",
    ],
    [
      "non-base64 data URL",
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png,abc" } }] }] },
      "messages[0].content[0].image_url.url",
    ],
    [
      "file URL image",
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] }] },
      "messages[0].content[0].image_url.url",
    ],
    ["non-function tool", { tools: [{ type: "custom", function: { name: "x" } } as never] }, "tools[0].type"],
  ])("rejects %s with a TranslationError", (_name, over, param) => {
    let caught: unknown;
    try {
      toAnthropicRequest(base(over), "m", 1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TranslationError);
    const err = caught as TranslationError;
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it("accepts n = 1 and logprobs false", () => {
    expect(() => toAnthropicRequest(base({ n: 1, logprobs: false }), "m", 1)).not.toThrow();
  });
});

const anthropicResponse = (over: Partial<AnthropicResponse> = {}): AnthropicResponse => ({
  id: "msg_01",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5-20250929",
  content: [{ type: "text", text: "Hello" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5 },
  ...over,
});

describe("fromAnthropicResponse", () => {
  it("maps text, tool use and usage including cache tokens", () => {
    const out = fromAnthropicResponse(
      anthropicResponse({
        content: [
          { type: "thinking", thinking: "hmm", signature: "sig" },
          { type: "text", text: "Let me " },
          { type: "text", text: "check." },
          { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
        ],
        stop_reason: "tool_use",
        usage: { input_tokens: 10, output_tokens: 7, cache_creation_input_tokens: 200, cache_read_input_tokens: 3000 },
      }),
      "public-model",
      "chatcmpl-abc",
      1700000000,
    );
    expect(out).toEqual({
      id: "chatcmpl-abc",
      object: "chat.completion",
      created: 1700000000,
      model: "public-model",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Let me check.",
            refusal: null,
            tool_calls: [{ id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 3210, completion_tokens: 7, total_tokens: 3217, prompt_tokens_details: { cached_tokens: 3000 } },
    });
  });

  it("gives null content when there is no text", () => {
    const out = fromAnthropicResponse(
      anthropicResponse({ content: [{ type: "tool_use", id: "t", name: "now", input: {} }], stop_reason: "tool_use" }),
      "p",
      "id",
      0,
    );
    expect(out.choices[0]?.message.content).toBeNull();
    expect(out.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe("{}");
  });

  it.each<[AnthropicResponse["stop_reason"], string]>([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    [null, "stop"],
  ])("maps stop_reason %s to %s", (stop, finish) => {
    expect(fromAnthropicResponse(anthropicResponse({ stop_reason: stop }), "p", "id", 0).choices[0]?.finish_reason).toBe(finish);
  });
});

function run(text: string, includeUsage: boolean): { s: AnthropicToOpenAIStream; lines: string[] } {
  const s = new AnthropicToOpenAIStream("public-model", "chatcmpl-1", 1700000000, includeUsage);
  const lines: string[] = [];
  for (const ev of parseSse(text)) lines.push(...s.push(ev));
  lines.push(...s.end());
  return { s, lines };
}

const META = { id: "chatcmpl-1", object: "chat.completion.chunk", created: 1700000000, model: "public-model" };
const chunk = (delta: unknown, finish: string | null = null, usage?: null) => ({
  ...META,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  ...(usage === null ? { usage: null } : {}),
});

describe("AnthropicToOpenAIStream", () => {
  it("translates a text stream into the exact OpenAI chunk sequence", () => {
    const { s, lines } = run(ANTHROPIC_TEXT_STREAM, false);
    expect(lines.every((l) => l.startsWith("data: ") && l.endsWith("\n\n"))).toBe(true);
    expect(lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)))).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hello" }),
      chunk({ content: ', "world"!\n' }),
      chunk({}, "stop"),
    ]);
    expect(lines.at(-1)).toBe("data: [DONE]\n\n");
    // Usage is captured for accounting even though the client did not ask for it.
    expect(s.usage).toEqual({ inputTokens: 125, outputTokens: 15, cacheReadInputTokens: 100, cacheCreationInputTokens: 0 });
    expect(s.finishReason).toBe("stop");
    expect(s.failed).toBe(false);
  });

  it("adds usage:null to every chunk and a final usage chunk when include_usage was asked", () => {
    const { lines } = run(ANTHROPIC_TEXT_STREAM, true);
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)));
    expect(parsed.slice(0, -1)).toEqual([
      chunk({ role: "assistant", content: "" }, null, null),
      chunk({ content: "Hello" }, null, null),
      chunk({ content: ', "world"!\n' }, null, null),
      chunk({}, "stop", null),
    ]);
    expect(parsed.at(-1)).toEqual({
      ...META,
      choices: [],
      usage: { prompt_tokens: 125, completion_tokens: 15, total_tokens: 140, prompt_tokens_details: { cached_tokens: 100 } },
    });
    expect(lines.at(-1)).toBe("data: [DONE]\n\n");
  });

  it("streams tool_use blocks as tool_call deltas and drops thinking", () => {
    const { s, lines } = run(ANTHROPIC_TOOL_STREAM, false);
    expect(lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)))).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Okay" }),
      chunk({ content: ", let's check the weather for San Francisco, CA:" }),
      chunk({
        tool_calls: [{ index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ' "San Francisco, CA"' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ', "unit": "fah' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'renheit"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: "toolu_02", type: "function", function: { name: "get_time", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"PST"}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    const rebuilt = rebuildOpenAI(lines);
    expect(rebuilt.content).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(rebuilt.toolCalls).toEqual([
      { id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' },
      { id: "toolu_02", name: "get_time", arguments: '{"tz":"PST"}' },
    ]);
    expect(JSON.parse(rebuilt.toolCalls[0]?.arguments ?? "")).toEqual({ location: "San Francisco, CA", unit: "fahrenheit" });
    expect(s.usage).toEqual({ inputTokens: 472, outputTokens: 89, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    expect(s.finishReason).toBe("tool_calls");
  });

  it("takes cumulative input usage from message_delta when Anthropic sends it there", () => {
    const s = new AnthropicToOpenAIStream("p", "c", 0, false);
    s.push({ data: '{"type":"message_start","message":{"usage":{"input_tokens":10,"output_tokens":1}}}' });
    s.push({ data: '{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"input_tokens":12,"cache_read_input_tokens":5,"output_tokens":30}}' });
    expect(s.usage).toEqual({ inputTokens: 17, outputTokens: 30, cacheReadInputTokens: 5, cacheCreationInputTokens: 0 });
    expect(s.finishReason).toBe("length");
  });

  it("turns an Anthropic error event into an OpenAI error line and stops", () => {
    const s = new AnthropicToOpenAIStream("p", "c", 0, true);
    const events = parseSse(ANTHROPIC_TEXT_STREAM);
    const out: string[] = [];
    for (const ev of events.slice(0, 4)) out.push(...s.push(ev));
    out.push(...s.push({ event: "error", data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }));
    for (const ev of events.slice(4)) out.push(...s.push(ev));
    out.push(...s.end());
    expect(s.failed).toBe(true);
    expect(out.slice(-2)).toEqual([
      'data: {"error":{"message":"Overloaded","type":"server_error","param":null,"code":"overloaded_error"}}\n\n',
      "data: [DONE]\n\n",
    ]);
    expect(rebuildOpenAI(out).content).toBe("Hello");
  });

  it("reports a stream cut off before message_stop as an error", () => {
    const s = new AnthropicToOpenAIStream("p", "c", 0, true);
    const out: string[] = [];
    for (const ev of parseSse(ANTHROPIC_TEXT_STREAM).slice(0, 4)) out.push(...s.push(ev));
    out.push(...s.end());
    expect(s.failed).toBe(true);
    expect(rebuildOpenAI(out)).toMatchObject({ content: "Hello", finishReason: null, usage: undefined, done: true });
    expect(rebuildOpenAI(out).errors).toHaveLength(1);
  });

  it("reports malformed data as an error, and abort() as well", () => {
    const a = new AnthropicToOpenAIStream("p", "c", 0, false);
    expect(a.push({ event: "content_block_delta", data: "{oops" })[0]).toContain('"error"');
    expect(a.failed).toBe(true);
    expect(a.push({ data: '{"type":"ping"}' })).toEqual([]);

    const b = new AnthropicToOpenAIStream("p", "c", 0, false);
    expect(JSON.parse(b.abort("upstream connection reset")[0]?.slice(6) ?? "")).toEqual({
      error: { message: "upstream connection reset", type: "server_error", param: null, code: "api_error" },
    });
    expect(b.end()).toEqual(["data: [DONE]\n\n"]);
    expect(b.end()).toEqual([]);
  });
});
