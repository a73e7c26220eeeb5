import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultQueue } from "./faults";
import { startDemoUpstream, type DemoUpstream } from "./server";
import { ANTHROPIC_AUTH, OPENAI_AUTH, parseSse, postJson, within } from "./test-helpers";

let up: DemoUpstream;
beforeAll(async () => {
  up = await startDemoUpstream({ port: 0, latencyScale: 0 });
});
afterAll(() => up.close());
beforeEach(() => {
  up.faults.clear();
  up.requests.length = 0;
});

const LONG = "Explain how write-ahead logging protects PostgreSQL data during a crash and recovery.";
const oa = (model = "gpt-4o", extra: Record<string, unknown> = {}, signal?: AbortSignal) =>
  postJson(`${up.url}/v1/chat/completions`, { model, messages: [{ role: "user", content: LONG }], ...extra }, OPENAI_AUTH, signal);
const an = (extra: Record<string, unknown> = {}, signal?: AbortSignal) =>
  postJson(`${up.url}/v1/messages`, { model: "claude-sonnet-4-5", max_tokens: 500, messages: [{ role: "user", content: LONG }], ...extra }, ANTHROPIC_AUTH, signal);

describe("FaultQueue", () => {
  it("consumes the first matching fault, honouring model and times", () => {
    const q = new FaultQueue();
    q.push({ type: "status", status: 502, model: "a" }, { type: "reset", times: 2 });
    expect(q.take("b")?.type).toBe("reset");
    expect(q.take("a")).toEqual({ type: "status", status: 502, model: "a" });
    expect(q.take("a")?.type).toBe("reset");
    expect(q.take("a")).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it("rejects malformed faults", () => {
    const q = new FaultQueue();
    expect(() => q.push({ type: "explode" } as never)).toThrow(/fault.type/);
    expect(() => q.push({ type: "status", status: 200 })).toThrow(/status/);
    expect(() => q.push({ type: "stall", afterChunks: -1 })).toThrow(/afterChunks/);
    expect(q.size).toBe(0);
  });
});

describe("faults over HTTP", () => {
  it("status: answers in the vendor's error shape, then recovers", async () => {
    up.faults.push({ type: "status", status: 503 }, { type: "status", status: 500 });
    const r1 = await oa();
    expect(r1.status).toBe(503);
    expect(await r1.json()).toEqual({ error: { message: expect.any(String), type: "server_error", param: null, code: null } });
    const r2 = await an();
    expect(r2.status).toBe(500);
    expect(await r2.json()).toMatchObject({ type: "error", error: { type: "api_error", message: expect.any(String) } });
    expect((await oa()).status).toBe(200);
    expect(up.requests.map((r) => r.fault)).toEqual(["status", "status", undefined]);
  });

  it("status 401 / 400 can be forced even with valid credentials", async () => {
    up.faults.push({ type: "status", status: 401 }, { type: "status", status: 400 });
    const r1 = await an();
    expect(r1.status).toBe(401);
    expect((await r1.json()).error.type).toBe("authentication_error");
    const r2 = await oa();
    expect(r2.status).toBe(400);
    expect((await r2.json()).error.type).toBe("invalid_request_error");
  });

  it("matches faults by upstream model and repeats them `times` times", async () => {
    up.faults.push({ type: "status", status: 502, model: "mistralai/Mixtral-8x7B-Instruct-v0.1", times: 2 });
    expect((await oa("gpt-4o")).status).toBe(200);
    expect((await oa("mistralai/Mixtral-8x7B-Instruct-v0.1")).status).toBe(502);
    expect((await oa("mistralai/Mixtral-8x7B-Instruct-v0.1")).status).toBe(502);
    expect((await oa("mistralai/Mixtral-8x7B-Instruct-v0.1")).status).toBe(200);
  });

  it("rate_limit: 429 with retry-after in both protocols", async () => {
    up.faults.push({ type: "rate_limit", retryAfterSeconds: 7 }, { type: "rate_limit" });
    const r1 = await oa();
    expect(r1.status).toBe(429);
    expect(r1.headers.get("retry-after")).toBe("7");
    expect(r1.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect((await r1.json()).error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
    const r2 = await an();
    expect(r2.status).toBe(429);
    expect(r2.headers.get("retry-after")).toBe("1");
    expect((await r2.json()).error.type).toBe("rate_limit_error");
  });

  it("stall (stream): sends N chunks, then nothing, keeping the connection open", async () => {
    up.faults.push({ type: "stall", afterChunks: 2 });
    const ctrl = new AbortController();
    const res = await oa("gpt-4o", { stream: true }, ctrl.signal);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (parseSse(text).length < 2) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      text += decoder.decode(value, { stream: true });
    }
    expect(await within(reader.read(), 500)).toBe("timeout");
    const events = parseSse(text);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[0]!.data).choices[0].delta.role).toBe("assistant");
    ctrl.abort();
  });

  it("stall (Anthropic stream, 0 chunks): headers only", async () => {
    up.faults.push({ type: "stall" });
    const ctrl = new AbortController();
    const res = await an({ stream: true }, ctrl.signal);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(await within(res.body!.getReader().read(), 500)).toBe("timeout");
    ctrl.abort();
  });

  it("stall (non-stream): sends headers, then no body", async () => {
    up.faults.push({ type: "stall" });
    const ctrl = new AbortController();
    const res = await oa("gpt-4o", {}, ctrl.signal);
    expect(res.status).toBe(200);
    expect(await within(res.text(), 500)).toBe("timeout");
    ctrl.abort();
  });

  it("slow_first_byte: delays the response even with latencyScale 0", async () => {
    up.faults.push({ type: "slow_first_byte", delayMs: 300 });
    const t0 = Date.now();
    const res = await oa();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect((await res.json()).object).toBe("chat.completion");
  });

  it("reset: destroys the socket without a response", async () => {
    up.faults.push({ type: "reset" });
    await expect(oa()).rejects.toThrow();
    expect(up.requests).toHaveLength(1);
    expect(up.requests[0]!.fault).toBe("reset");
    expect((await oa()).status).toBe(200);
  });
});

describe("control endpoints", () => {
  it("queue, list and clear faults over HTTP", async () => {
    const post = await postJson(`${up.url}/__control/faults`, [{ type: "status", status: 502, model: "gpt-4o" }, { type: "rate_limit", times: 3 }]);
    expect(post.status).toBe(201);
    expect(await (await fetch(`${up.url}/__control/faults`)).json()).toEqual([
      { type: "status", status: 502, model: "gpt-4o", times: 1 },
      { type: "rate_limit", times: 3 },
    ]);
    expect((await oa("gpt-4o")).status).toBe(502);
    expect((await oa("gpt-4o")).status).toBe(429);
    const del = await fetch(`${up.url}/__control/faults`, { method: "DELETE" });
    expect(await del.json()).toEqual({ cleared: 1 });
    expect((await oa("gpt-4o")).status).toBe(200);
    const bad = await postJson(`${up.url}/__control/faults`, { type: "nope" });
    expect(bad.status).toBe(400);
  });

  it("records API requests with secrets replaced by their length, and clears them", async () => {
    await oa("gpt-4o", { stream: true, stream_options: { include_usage: true } }).then((r) => r.text());
    await an();
    await fetch(`${up.url}/__control/faults`);
    const recorded = await (await fetch(`${up.url}/__control/requests`)).json();
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({ path: "/v1/chat/completions", method: "POST", body: { model: "gpt-4o", stream_options: { include_usage: true } } });
    expect(recorded[0].headers.authorization).toBe(OPENAI_AUTH.authorization.length);
    expect(recorded[1].headers["x-api-key"]).toBe(ANTHROPIC_AUTH["x-api-key"].length);
    expect(recorded[1].headers["anthropic-version"]).toBe("2023-06-01");
    expect(JSON.stringify(recorded)).not.toContain("sk-demo-test-key");
    expect(up.requests).toEqual(recorded);
    const requestsRef = up.requests;
    expect(await (await fetch(`${up.url}/__control/requests`, { method: "DELETE" })).json()).toEqual({ cleared: 2 });
    expect(up.requests).toBe(requestsRef);
    expect(up.requests).toHaveLength(0);
  });
});

describe("latency", () => {
  it("adds realistic time to first byte when latencyScale is 1 (GPT-4 slower than Mixtral)", async () => {
    const slow = await startDemoUpstream({ port: 0, latencyScale: 1 });
    try {
      const time = async (model: string) => {
        const t0 = Date.now();
        const res = await postJson(`${slow.url}/v1/chat/completions`, { model, stream: true, messages: [{ role: "user", content: "hi" }] }, OPENAI_AUTH);
        const ttfb = Date.now() - t0;
        await res.text();
        return { ttfb, total: Date.now() - t0 };
      };
      const gpt = [await time("gpt-4o"), await time("gpt-4o"), await time("gpt-4o")];
      const mix = [await time("mixtral-8x7b"), await time("mixtral-8x7b"), await time("mixtral-8x7b")];
      const minTtfb = (xs: Array<{ ttfb: number }>) => Math.min(...xs.map((x) => x.ttfb));
      // 120 ms and 60 ms nominal, +-25% jitter.
      expect(minTtfb(gpt)).toBeGreaterThanOrEqual(85);
      expect(minTtfb(mix)).toBeGreaterThanOrEqual(40);
      expect(minTtfb(mix)).toBeLessThan(minTtfb(gpt));
      // Per-chunk gaps: the stream ends well after its first byte.
      for (const t of gpt) expect(t.total - t.ttfb).toBeGreaterThan(20);
    } finally {
      await slow.close();
    }
  });
});
