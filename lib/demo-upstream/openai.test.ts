import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDemoUpstream, type DemoUpstream } from "./server";
import { OPENAI_AUTH, parseSse, postJson } from "./test-helpers";

let up: DemoUpstream;
beforeAll(async () => {
  up = await startDemoUpstream({ port: 0, latencyScale: 0 });
});
afterAll(() => up.close());
beforeEach(() => {
  up.faults.clear();
  up.requests.length = 0;
});

const chat = (body: unknown, headers: Record<string, string> = OPENAI_AUTH) => postJson(`${up.url}/v1/chat/completions`, body, headers);
const PROMPT = "How should I index a PostgreSQL table for range queries on timestamps?";

interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

async function streamChunks(body: Record<string, unknown>) {
  const res = await chat({ ...body, stream: true });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await res.text();
  // Every event is a single "data: ..." line followed by a blank line.
  expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
  const events = parseSse(text);
  expect(events.at(-1)!.data).toBe("[DONE]");
  expect(events.filter((e) => e.data === "[DONE]")).toHaveLength(1);
  return events.slice(0, -1).map((e) => JSON.parse(e.data) as Chunk);
}

describe("OpenAI chat completions", () => {
  it("answers non-streaming requests in the chat.completion shape", async () => {
    const res = await chat({ model: "gpt-4o", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: PROMPT }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const body = await res.json();
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.object).toBe("chat.completion");
    expect(body.model).toBe("gpt-4o");
    expect(typeof body.created).toBe("number");
    expect(body.choices).toHaveLength(1);
    const [choice] = body.choices;
    expect(choice).toMatchObject({ index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant" } });
    expect(choice.message.content).toMatch(/postgresql/i);
    expect(choice.message.tool_calls).toBeUndefined();
    expect(body.usage.prompt_tokens).toBeGreaterThan(10);
    expect(body.usage.completion_tokens).toBe(Math.ceil(choice.message.content.length / 4));
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("is deterministic per prompt and model, and differs between model families", async () => {
    const ask = async (model: string) => (await (await chat({ model, messages: [{ role: "user", content: PROMPT }] })).json()).choices[0].message.content as string;
    const a = await ask("gpt-4-1106-preview");
    expect(await ask("gpt-4-1106-preview")).toBe(a);
    expect(await ask("mistralai/Mixtral-8x7B-Instruct-v0.1")).not.toBe(a);
  });

  it("returns n choices", async () => {
    const body = await (await chat({ model: "gpt-4o", n: 3, messages: [{ role: "user", content: PROMPT }] })).json();
    expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2]);
    expect(body.usage.completion_tokens).toBe(3 * Math.ceil(body.choices[0].message.content.length / 4));
  });

  it("streams chat.completion.chunk events ending in [DONE], without usage unless asked", async () => {
    const req = { model: "gpt-4o", messages: [{ role: "user", content: PROMPT }] };
    const full = await (await chat(req)).json();
    const chunks = await streamChunks(req);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.object).toBe("chat.completion.chunk");
      expect(c.id).toBe(chunks[0]!.id);
      expect(c.model).toBe("gpt-4o");
      expect(c.choices).toHaveLength(1);
      expect("usage" in c).toBe(false);
    }
    expect(chunks[0]!.choices[0]!.delta).toMatchObject({ role: "assistant", content: "" });
    const contentChunks = chunks.slice(1, -1);
    // Several words per piece, not the whole answer in one chunk.
    expect(contentChunks.length).toBeGreaterThan(3);
    expect(contentChunks.map((c) => c.choices[0]!.delta.content).join("")).toBe(full.choices[0].message.content);
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(chunks.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null)).toBe(true);
  });

  it("adds the usage chunk (choices: []) only with stream_options.include_usage, matching non-stream usage", async () => {
    const req = { model: "mixtral-8x7b", messages: [{ role: "user", content: PROMPT }] };
    const full = await (await chat(req)).json();
    const chunks = await streamChunks({ ...req, stream_options: { include_usage: true } });
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual(full.usage);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const without = await streamChunks({ ...req, stream_options: { include_usage: false } });
    expect(without.some((c) => c.choices.length === 0)).toBe(false);
  });

  it("rejects stream_options on a non-streaming request like OpenAI does", async () => {
    const res = await chat({ model: "gpt-4o", stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ type: "invalid_request_error", param: "stream_options" });
  });

  it("cuts the answer at max_tokens / max_completion_tokens with finish_reason length", async () => {
    for (const limit of [{ max_tokens: 8 }, { max_completion_tokens: 8 }]) {
      const body = await (await chat({ model: "gpt-4o", ...limit, messages: [{ role: "user", content: PROMPT }] })).json();
      expect(body.choices[0].finish_reason).toBe("length");
      expect(body.usage.completion_tokens).toBe(8);
      expect(body.choices[0].message.content.length).toBeLessThanOrEqual(32);
      expect(body.choices[0].message.content.length).toBeGreaterThan(10);
    }
    const chunks = await streamChunks({ model: "gpt-4o", max_tokens: 8, messages: [{ role: "user", content: PROMPT }] });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("length");
  });

  it("answers 401 invalid_api_key without a bearer key", async () => {
    for (const headers of [{}, { authorization: "Bearer " }, { authorization: "Basic abc" }] as Array<Record<string, string>>) {
      const res = await chat({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }, headers);
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body).toEqual({ error: { message: expect.any(String), type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    }
  });

  it("validates messages in OpenAI's error shape", async () => {
    const missing = await chat({ model: "gpt-4o" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ param: "messages", code: "missing_required_parameter" });
    const badRole = await chat({ model: "gpt-4o", messages: [{ role: "robot", content: "hi" }] });
    expect((await badRole.json()).error).toMatchObject({ param: "messages[0].role", code: "invalid_value" });
    const badJson = await fetch(`${up.url}/v1/chat/completions`, { method: "POST", headers: OPENAI_AUTH, body: "{not json" });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.type).toBe("invalid_request_error");
  });

  it("answers JSON matching response_format json_schema", async () => {
    const schema = { type: "object", properties: { sentiment: { type: "string", enum: ["positive", "negative"] }, score: { type: "number" } }, required: ["sentiment", "score"] };
    const res = await chat({ model: "gpt-4o", response_format: { type: "json_schema", json_schema: { name: "s", schema } }, messages: [{ role: "user", content: PROMPT }] });
    expect(JSON.parse((await res.json()).choices[0].message.content)).toEqual({ sentiment: "positive", score: 1 });
  });

  it("lists models", async () => {
    const res = await fetch(`${up.url}/v1/models`, { headers: OPENAI_AUTH });
    const body = await res.json();
    expect(body.object).toBe("list");
    expect(body.data).toContainEqual({ id: "gpt-4-1106-preview", object: "model", created: expect.any(Number), owned_by: "system" });
    expect(body.data.map((m: { id: string }) => m.id)).toContain("mistralai/Mixtral-8x7B-Instruct-v0.1");
    expect((await fetch(`${up.url}/v1/models`)).status).toBe(401);
  });

  it("gzips JSON when the client accepts it, like the vendor edge", async () => {
    const res = await chat({ model: "gpt-4o", messages: [{ role: "user", content: PROMPT }] }, { ...OPENAI_AUTH, "accept-encoding": "gzip" });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect((await res.json()).object).toBe("chat.completion");
  });

  it("answers unknown paths with 404 in the OpenAI shape", async () => {
    const res = await fetch(`${up.url}/v1/completions`, { method: "POST", headers: OPENAI_AUTH, body: "{}" });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe("Invalid URL (POST /v1/completions)");
  });
});
