import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMmlu, loadDemoData, MODEL_IDS, mmluReferenceLetter } from "./data";
import { startDemoUpstream, type DemoUpstream } from "./server";
import { ANTHROPIC_AUTH, OPENAI_AUTH, parseSse, postJson } from "./test-helpers";

let up: DemoUpstream;
beforeAll(async () => {
  up = await startDemoUpstream({ port: 0, latencyScale: 0 });
});
afterAll(() => up.close());

const MIXTRAL = MODEL_IDS.mixtral;
const openai = async (model: string, messages: unknown[], extra: Record<string, unknown> = {}) => {
  const res = await postJson(`${up.url}/v1/chat/completions`, { model, messages, ...extra }, OPENAI_AUTH);
  expect(res.status).toBe(200);
  return res.json();
};
const anthropic = async (model: string, messages: unknown[], extra: Record<string, unknown> = {}) => {
  const res = await postJson(`${up.url}/v1/messages`, { model, max_tokens: 4096, messages, ...extra }, ANTHROPIC_AUTH);
  expect(res.status).toBe(200);
  return res.json();
};
const user = (content: string) => ({ role: "user", content });

const HAWAII = "Compose an engaging travel blog post about a recent trip to Hawaii, highlighting cultural experiences and must-see attractions.";
const HAWAII_2 = "Rewrite your previous response. Start every sentence with the letter A.";

describe("MT-Bench replay", () => {
  it("returns the recorded GPT-4 vs Mixtral turn-1 answers", async () => {
    const data = loadDemoData();
    const q = data.mtBench.find((x) => x.id === 81)!;
    const gpt = (await openai("gpt-4-1106-preview", [user(`  ${HAWAII}\n`)])).choices[0].message.content as string;
    const mix = (await openai(MIXTRAL, [user(HAWAII)])).choices[0].message.content as string;
    expect(gpt.startsWith("Title: Aloha Spirit: A Cultural Journey Through the Hawaiian Islands\n\nAloha! My recent trip")).toBe(true);
    expect(mix.startsWith(" Aloha, fellow travelers!\n\nI've just returned from a breathtaking journey")).toBe(true);
    expect(gpt).toBe(q.answers.gpt4[0]);
    expect(mix).toBe(q.answers.mixtral[0]);
    // Any non-Mixtral model (here a Claude id over the Anthropic protocol) replays the GPT-4 recording.
    expect((await anthropic("claude-sonnet-4-5", [user(HAWAII)])).content[0].text).toBe(gpt);
  });

  it("returns the recorded turn-2 answer for the recorded 2-turn conversation", async () => {
    const conversation = [user(HAWAII), { role: "assistant", content: "(whatever the assistant said)" }, user(HAWAII_2)];
    const gpt = (await openai("gpt-4o", conversation)).choices[0].message.content as string;
    const mix = (await openai("Mixtral-8x7B", conversation)).choices[0].message.content as string;
    expect(gpt.startsWith("Aloha, adventurous souls! Amidst the Pacific's embrace")).toBe(true);
    expect(mix.startsWith(" Aloha, fellow travelers!\n\nA recent journey to the tropical paradise")).toBe(true);
    // Turn 2 asked on its own is not a recorded turn 1: generated text instead.
    const alone = (await openai("gpt-4o", [user(HAWAII_2)])).choices[0].message.content as string;
    expect(alone).not.toBe(gpt);
  });

  it("extracted every answer cleanly from the judge prompts", () => {
    const data = loadDemoData();
    expect(data.mtBench).toHaveLength(80);
    for (const q of data.mtBench) {
      for (const a of [...q.answers.gpt4, ...q.answers.mixtral]) {
        expect(a.trim().length).toBeGreaterThan(5);
        expect(a).not.toMatch(/### (User|Assistant A):|\[The (Start|End) of|<\|The (Start|End) of/);
      }
      for (const s of [...q.scores.gpt4, ...q.scores.mixtral]) expect(s).toBeGreaterThanOrEqual(1);
    }
    const q131 = data.mtBench.find((x) => x.id === 131)!;
    expect(q131.answers.gpt4[0]).toBe("```json\n[5, 1, 3]\n```");
    expect(q131.answers.mixtral[0]).toBe(" [5, 1, 3]");
  });
});

// Prompts copied from mmlu_anatomy.csv with the outcomes recorded there.
const BOTH_RIGHT =
  "A lesion causing compression of the facial nerve at the stylomastoid foramen will cause ipsilateral\nA. paralysis of the facial muscles.\nB. paralysis of the facial muscles and loss of taste.\nC. paralysis of the facial muscles, loss of taste and lacrimation.\nD. paralysis of the facial muscles, loss of taste, lacrimation and decreased salivation.\nAnswer:";
const ONLY_GPT4_RIGHT = "Which of the following structures is derived from ectomesenchyme?\nA. Motor neurons\nB. Skeletal muscles\nC. Melanocytes\nD. Sweat glands\nAnswer:";
const ONLY_MIXTRAL_RIGHT =
  "The spheno-occipital synchondrosis\nA. is a secondary growth cartilage.\nB. influences the position of the viscerocranium.\nC. ceases activity at 7 years of age.\nD. can be reactivated in patients affected by acromegaly.\nAnswer:";
const BOTH_WRONG =
  "A patient suffers a broken neck with damage to the spinal cord at the level of the sixth cervical vertebra.\nA. They will be unable to breathe without life support.\nB. They will only be able to breathe quietly.\nC. It is impossible to predict an effect on breathing.\nD. Breathing will be unaffected.\nAnswer:";

describe("MMLU replay", () => {
  it("defines the reference letter as ABCD[sha256(trimmed prompt)[0] % 4]", () => {
    for (const p of [BOTH_RIGHT, ONLY_GPT4_RIGHT, " x \n"]) {
      const byte = crypto.createHash("sha256").update(p.trim()).digest()[0]!;
      expect(mmluReferenceLetter(p)).toBe("ABCD"[byte % 4]);
    }
  });

  it.each([
    ["both right", BOTH_RIGHT, true, true],
    ["only GPT-4 right", ONLY_GPT4_RIGHT, false, true],
    ["only Mixtral right", ONLY_MIXTRAL_RIGHT, true, false],
    ["both wrong", BOTH_WRONG, false, false],
  ])("%s: each model answers the reference letter exactly when it was right", async (_label, prompt, mixtralRight, gptRight) => {
    expect(findMmlu(loadDemoData(), prompt)).toEqual({ subject: "anatomy", correct: { mixtral: mixtralRight, gpt4: gptRight } });
    const ref = mmluReferenceLetter(prompt);
    const gpt = (await openai("gpt-4-1106-preview", [user(prompt)], { max_tokens: 1 })).choices[0].message.content;
    const mix = (await openai(MIXTRAL, [user(prompt)], { max_tokens: 1 })).choices[0].message.content;
    const claude = (await anthropic("claude-3-5-haiku-latest", [user(prompt)], { max_tokens: 1 })).content[0].text;
    for (const letter of [gpt, mix, claude]) expect(letter).toMatch(/^[ABCD]$/);
    expect(gpt === ref).toBe(gptRight);
    expect(mix === ref).toBe(mixtralRight);
    expect(claude).toBe(gpt);
  });
});

const WEATHER_TOOL = {
  name: "get_weather",
  description: "Current weather",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      days: { type: "integer" },
      precise: { type: "boolean" },
      note: { type: "string" },
    },
    required: ["city", "unit", "days", "precise"],
  },
};
const TIME_TOOL = { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] } };
const WEATHER_ARGS = { city: "example", unit: "celsius", days: 1, precise: true };
const oaTools = [WEATHER_TOOL, TIME_TOOL].map((f) => ({ type: "function", function: f }));
const anTools = [
  { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.parameters },
  { name: TIME_TOOL.name, input_schema: TIME_TOOL.parameters },
];

describe("tool calls", () => {
  it("OpenAI: calls the first tool with schema-derived arguments", async () => {
    const body = await openai("gpt-4o", [user("What's the weather in Oslo?")], { tools: oaTools });
    const choice = body.choices[0];
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls[0];
    expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(call.function.arguments)).toEqual(WEATHER_ARGS);
  });

  it("OpenAI: honours tool_choice (forced function, none)", async () => {
    const forced = await openai(MIXTRAL, [user("time?")], { tools: oaTools, tool_choice: { type: "function", function: { name: "get_time" } } });
    expect(forced.choices[0].message.tool_calls[0].function).toEqual({ name: "get_time", arguments: '{"zone":"example"}' });
    const none = await openai("gpt-4o", [user("What's the weather in Oslo?")], { tools: oaTools, tool_choice: "none" });
    expect(none.choices[0].finish_reason).toBe("stop");
    expect(typeof none.choices[0].message.content).toBe("string");
  });

  it("OpenAI: streams tool calls incrementally", async () => {
    const res = await postJson(`${up.url}/v1/chat/completions`, { model: "gpt-4o", stream: true, tools: oaTools, messages: [user("weather?")] }, OPENAI_AUTH);
    const chunks = parseSse(await res.text())
      .filter((e) => e.data !== "[DONE]")
      .map((e) => JSON.parse(e.data));
    const first = chunks[0].choices[0].delta;
    expect(first).toMatchObject({ role: "assistant", content: null, tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: "function", function: { name: "get_weather", arguments: "" } }] });
    const pieces = chunks.slice(1, -1).map((c) => {
      const tc = c.choices[0].delta.tool_calls;
      expect(tc).toHaveLength(1);
      expect(tc[0].index).toBe(0);
      expect(tc[0].id).toBeUndefined();
      return tc[0].function.arguments as string;
    });
    expect(pieces.length).toBeGreaterThan(2);
    expect(JSON.parse(pieces.join(""))).toEqual(WEATHER_ARGS);
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
  });

  it("OpenAI: answers a tool result with text that mentions it", async () => {
    const body = await openai("gpt-4o", [
      user("What's the weather in Oslo?"),
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"temp_c": 21, "sky": "clear"}' },
    ], { tools: oaTools });
    expect(body.choices[0].finish_reason).toBe("stop");
    expect(body.choices[0].message.content).toContain('{"temp_c": 21, "sky": "clear"}');
    expect(body.choices[0].message.content).toContain("get_weather");
  });

  it("Anthropic: tool_use block, forced tool, streamed input_json_delta, tool_result answer", async () => {
    const body = await anthropic("claude-sonnet-4-5", [user("weather?")], { tools: anTools });
    expect(body.stop_reason).toBe("tool_use");
    expect(body.content).toEqual([{ type: "tool_use", id: expect.stringMatching(/^toolu_/), name: "get_weather", input: WEATHER_ARGS }]);

    const forced = await anthropic("claude-sonnet-4-5", [user("time?")], { tools: anTools, tool_choice: { type: "tool", name: "get_time" } });
    expect(forced.content[0]).toMatchObject({ name: "get_time", input: { zone: "example" } });

    const res = await postJson(`${up.url}/v1/messages`, { model: "claude-sonnet-4-5", max_tokens: 100, stream: true, tools: anTools, messages: [user("weather?")] }, ANTHROPIC_AUTH);
    const events = parseSse(await res.text()).map((e) => ({ name: e.event, ...JSON.parse(e.data) }));
    expect(events[1]).toMatchObject({ name: "content_block_start", content_block: { type: "tool_use", name: "get_weather", input: {} } });
    const partial = events.filter((e) => e.name === "content_block_delta").map((e) => (expect(e.delta.type).toBe("input_json_delta"), e.delta.partial_json)).join("");
    expect(JSON.parse(partial)).toEqual(WEATHER_ARGS);
    expect(events.find((e) => e.name === "message_delta").delta.stop_reason).toBe("tool_use");

    const answer = await anthropic("claude-sonnet-4-5", [
      user("weather?"),
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "Oslo: 21 degrees, clear sky" }] },
    ], { tools: anTools });
    expect(answer.stop_reason).toBe("end_turn");
    expect(answer.content[0].text).toContain("Oslo: 21 degrees, clear sky");
    expect(answer.content[0].text).toContain("get_weather");
  });
});
