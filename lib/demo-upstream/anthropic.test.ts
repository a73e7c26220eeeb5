import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoUpstream, type DemoUpstream } from "./server";
import { ANTHROPIC_AUTH, parseSse, postJson } from "./test-helpers";

let up: DemoUpstream;
beforeAll(async () => {
  up = await startDemoUpstream({ port: 0, latencyScale: 0 });
});
afterAll(() => up.close());

const messages = (body: unknown, headers: Record<string, string> = ANTHROPIC_AUTH) => postJson(`${up.url}/v1/messages`, body, headers);
const PROMPT = "Summarise the trade-offs of event sourcing for a billing system.";
const REQ = { model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: PROMPT }] };

describe("Anthropic messages", () => {
  it("answers non-streaming requests in the message shape", async () => {
    const res = await messages(REQ);
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    const body = await res.json();
    expect(body).toMatchObject({ type: "message", role: "assistant", model: "claude-sonnet-4-5", stop_reason: "end_turn", stop_sequence: null });
    expect(body.id).toMatch(/^msg_/);
    expect(body.content).toHaveLength(1);
    expect(body.content[0].type).toBe("text");
    expect(body.content[0].text).toMatch(/billing/);
    expect(body.usage.input_tokens).toBeGreaterThan(10);
    expect(body.usage.output_tokens).toBe(Math.ceil(body.content[0].text.length / 4));
  });

  it("streams the exact Anthropic event sequence, consistent with the non-streaming answer", async () => {
    const full = await (await messages(REQ)).json();
    const res = await messages({ ...REQ, stream: true });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(text).toMatch(/^(event: [a-z_]+\ndata: [^\n]+\n\n)+$/);
    const events = parseSse(text);
    const names = events.map((e) => e.event);
    const deltas = names.filter((n) => n === "content_block_delta").length;
    expect(deltas).toBeGreaterThan(3);
    expect(names).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      ...Array<string>(deltas).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const payloads = events.map((e) => JSON.parse(e.data));
    payloads.forEach((p, i) => expect(p.type).toBe(names[i]));
    expect(payloads[0].message).toMatchObject({ id: expect.stringMatching(/^msg_/), content: [], stop_reason: null, usage: { input_tokens: full.usage.input_tokens, output_tokens: 1 } });
    expect(payloads[1]).toEqual({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    const textOut = payloads.filter((p) => p.type === "content_block_delta").map((p) => (expect(p.delta.type).toBe("text_delta"), p.delta.text)).join("");
    expect(textOut).toBe(full.content[0].text);
    expect(payloads.at(-2)).toEqual({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: full.usage.output_tokens } });
  });

  it("accepts system as a string or as text blocks, and counts it", async () => {
    const bare = await (await messages(REQ)).json();
    const str = await (await messages({ ...REQ, system: "You are a careful accountant. ".repeat(10) })).json();
    const blocks = await (await messages({ ...REQ, system: [{ type: "text", text: "You are a careful accountant. ".repeat(10) }] })).json();
    expect(str.usage.input_tokens).toBeGreaterThan(bare.usage.input_tokens + 50);
    expect(blocks.usage.input_tokens).toBe(str.usage.input_tokens);
    expect(blocks.content[0].text).toBe(bare.content[0].text);
    const bad = await messages({ ...REQ, system: [{ type: "image" }] });
    expect(bad.status).toBe(400);
  });

  it("stops at max_tokens and at stop sequences", async () => {
    const cut = await (await messages({ ...REQ, max_tokens: 6 })).json();
    expect(cut.stop_reason).toBe("max_tokens");
    expect(cut.usage.output_tokens).toBe(6);
    const full = await (await messages(REQ)).json();
    const word = (full.content[0].text as string).split(" ")[3]!;
    const stopped = await (await messages({ ...REQ, stop_sequences: [word] })).json();
    expect(stopped.stop_reason).toBe("stop_sequence");
    expect(stopped.stop_sequence).toBe(word);
    expect(full.content[0].text.startsWith(stopped.content[0].text)).toBe(true);
    expect(stopped.content[0].text).not.toContain(word);
  });

  it("requires x-api-key (401), max_tokens (400) and anthropic-version (400)", async () => {
    const noKey = await messages(REQ, { "anthropic-version": "2023-06-01" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ type: "error", error: { type: "authentication_error", message: expect.any(String) }, request_id: noKey.headers.get("request-id") });
    const emptyKey = await messages(REQ, { "x-api-key": "", "anthropic-version": "2023-06-01" });
    expect(emptyKey.status).toBe(401);
    const { max_tokens: _omit, ...noMax } = REQ;
    const res = await messages(noMax);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ type: "invalid_request_error", message: "max_tokens: Field required" });
    const noVersion = await messages(REQ, { "x-api-key": "k" });
    expect(noVersion.status).toBe(400);
  });

  it("rejects a system role inside messages, as the real API does", async () => {
    const res = await messages({ ...REQ, messages: [{ role: "system", content: "x" }, ...REQ.messages] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/top-level `system` parameter/);
  });

  it("counts tokens and lists models", async () => {
    const count = await (await postJson(`${up.url}/v1/messages/count_tokens`, { model: "claude-sonnet-4-5", messages: REQ.messages }, ANTHROPIC_AUTH)).json();
    const full = await (await messages(REQ)).json();
    expect(count).toEqual({ input_tokens: full.usage.input_tokens });
    const models = await (await fetch(`${up.url}/v1/models`, { headers: ANTHROPIC_AUTH })).json();
    expect(models).toMatchObject({ has_more: false, data: expect.arrayContaining([expect.objectContaining({ type: "model", id: "claude-sonnet-4-5" })]) });
  });
});
