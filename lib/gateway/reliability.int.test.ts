import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { writeRequestLogBatch, type LogRecord } from "@/lib/db/request-log";
import { startDemoUpstream, type DemoUpstream, type RecordedRequest } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { logWriter } from "@/lib/gateway/log-writer";
import { makeModel, makeProvider, makeTeam, uid, makeLogRecord } from "@/lib/testing/factories";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { serveRoutes } from "@/lib/testing/serve";

// Proves docs/RELIABILITY.md "Reliability" items 1-6 and 8 against the real engine, a real PostgreSQL, the demo
// upstream (fault queue) and, where the demo cannot misbehave the way we need, tiny hand-written vendors.
// Every test makes its own models (unique upstream model ids, so queued faults and cooldowns stay local).

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
const fakes: FakeVendor[] = [];

type TestModel = { id: string; name: string; upstreamModel: string };
type Attempt = { model: string; provider: string; status: number | string; ms: number; error?: string };
type Timeouts = { connectTimeoutMs?: number; firstByteTimeoutMs?: number; idleTimeoutMs?: number };

// ---------- helpers ----------

/** Reload the gateway snapshot so it sees the rows just written. load() joins a load already in flight (the
 * 500 ms version poll may have started one mid-way through our inserts), so the second call is the fresh one. */
async function reloadConfig() {
  await gatewayConfig().load();
  await gatewayConfig().load();
}

/** One provider at `baseUrl` (optionally with shorter timeouts) and one model on it with a unique upstream id. */
async function modelOn(baseUrl: string, o: { kind?: "openai" | "anthropic"; timeouts?: Timeouts } = {}): Promise<TestModel> {
  const provider = await makeProvider({ baseUrl, kind: o.kind ?? "openai" });
  if (o.timeouts) await prisma.provider.update({ where: { id: provider.id }, data: o.timeouts });
  const upstreamModel = o.kind === "anthropic" ? `claude-${uid("m")}` : `gpt-4-${uid("m")}`;
  const model = await makeModel({ providerId: provider.id, upstreamModel });
  return { id: model.id, name: model.name, upstreamModel };
}

/** A team whose default chain is `defaults` (plus optional task rules), config reloaded, SDK clients ready.
 * SDK retries are off: every retry we observe must be the gateway's own. */
async function teamFor(defaults: TestModel[], rules: Record<string, TestModel[]> = {}) {
  const t = await makeTeam({
    defaults: defaults.map((m) => m.id),
    rules: Object.fromEntries(Object.entries(rules).map(([task, ms]) => [task, ms.map((m) => m.id)])),
  });
  await reloadConfig();
  return {
    key: t.key,
    teamId: t.team.id,
    openai: new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: t.key, maxRetries: 0 }),
    anthropic: new Anthropic({ baseURL: `${app.url}/api/route`, apiKey: t.key, maxRetries: 0 }),
  };
}

/** Raw POST to the gateway, for assertions on the exact bytes (SSE text) and for client-side aborts. */
function post(path: "chat/completions" | "messages", key: string, body: Record<string, unknown>, signal?: AbortSignal) {
  return fetch(`${app.url}/api/route/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
    signal,
  });
}

/** What the demo upstream received for one model. */
const sentTo = (m: TestModel): RecordedRequest[] => upstream.requests.filter((r) => (r.body as { model?: string } | null)?.model === m.upstreamModel);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The request's log row, once the log writer has written it (cancelled rows are pushed asynchronously). */
async function rowFor(id: string, timeoutMs = 3000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await logWriter().flush();
    const row = await prisma.requestLog.findFirst({ where: { id } });
    if (row || performance.now() > deadline) return row;
    await sleep(50);
  }
}

const attemptsOf = (row: { attemptLog: unknown } | null) => (row?.attemptLog ?? []) as Attempt[];

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

type FakeRequest = { body: Record<string, unknown>; closedAt: Promise<number>; finished: () => boolean };
type FakeVendor = { url: string; requests: FakeRequest[]; close: () => Promise<void> };

/** A tiny OpenAI-compatible vendor on port 0 that records each request and when its connection closed. */
async function startFakeVendor(handle: (res: http.ServerResponse, body: Record<string, unknown>) => void): Promise<FakeVendor> {
  const requests: FakeRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const closedAt = new Promise<number>((resolve) => res.on("close", () => resolve(performance.now())));
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      requests.push({ body, closedAt, finished: () => res.writableFinished });
      handle(res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const vendor = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
  fakes.push(vendor);
  return vendor;
}

/** Streams an OpenAI chat completion: role chunk, one chunk per piece every gapMs, stop chunk, optional usage
 * chunk, [DONE]. Stops writing as soon as the connection is gone. */
function streamCompletion(res: http.ServerResponse, model: string, o: { pieces: string[]; gapMs: number; usage: boolean }) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1_700_000_000, model };
  const chunks: object[] = [
    { choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] },
    ...o.pieces.map((p) => ({ choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })),
    { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
    ...(o.usage ? [{ choices: [], usage: { prompt_tokens: 12, completion_tokens: o.pieces.length, total_tokens: 12 + o.pieces.length } }] : []),
  ];
  const frames = [...chunks.map((c) => `data: ${JSON.stringify({ ...base, ...c })}\n\n`), "data: [DONE]\n\n"];
  let i = 0;
  const next = () => {
    if (res.destroyed || res.writableEnded) return;
    if (i >= frames.length) return void res.end();
    res.write(frames[i++]);
    if (o.gapMs > 0) setTimeout(next, o.gapMs);
    else next();
  };
  next();
}

/** `data:` payloads of an SSE text. */
const dataLines = (sse: string) => sse.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6));

const hello = [{ role: "user" as const, content: "Hello there, how are you today?" }];

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  app = await serveRoutes(GATEWAY_ROUTES);
});

afterAll(async () => {
  await app?.close();
  await upstream?.close();
  for (const f of fakes) await f.close();
});

// ---------- RELIABILITY.md 1: 5xx retried twice with backoff, then the fallback; 400/401/404 not retried ----------

describe("upstream errors (RELIABILITY.md 1)", () => {
  it.each([500, 502, 503])("upstream %i: 2 retries with backoff, then the fallback answers; one row lists all 4 attempts", async (status) => {
    const a = await modelOn(`${upstream.url}/v1`);
    const b = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a, b]);
    upstream.faults.push({ model: a.upstreamModel, type: "status", status, times: 10 }); // a keeps failing

    const { data, response } = await t.openai.chat.completions.create({ model: a.name, messages: hello }).withResponse();

    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchyard-fallback")).toBe("true");
    expect(response.headers.get("x-switchyard-model")).toBe(b.name);
    expect(data.model).toBe(b.name);
    expect(data.choices[0]!.message.content?.length).toBeGreaterThan(0);
    const tries = sentTo(a);
    expect(tries).toHaveLength(3); // first try + 2 retries, not one more
    expect(sentTo(b)).toHaveLength(1);
    // Backoff is 100 ms x 2^n x [0.5, 1.5): at least 50 + 100 ms between the first and the third try.
    expect(Date.parse(tries[2]!.at) - Date.parse(tries[0]!.at)).toBeGreaterThanOrEqual(140);

    const id = response.headers.get("x-switchyard-request-id")!;
    const row = await rowFor(id);
    expect(row).toMatchObject({ teamId: t.teamId, status: "success", httpStatus: 200, modelName: b.name, fallback: true, attempts: 4 });
    expect(attemptsOf(row).map((x) => [x.model, x.status])).toEqual([[a.name, status], [a.name, status], [a.name, status], [b.name, 200]]);
    expect(await prisma.requestLog.count({ where: { id } })).toBe(1);
  });

  it("upstream 400 is not retried and reaches the client as a 400, with no fallback", async () => {
    const a = await modelOn(`${upstream.url}/v1`);
    const b = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a, b]);
    upstream.faults.push({ model: a.upstreamModel, type: "status", status: 400, times: 10 });

    const res = await post("chat/completions", t.key, { model: a.name, messages: hello });
    const body = (await res.json()) as { error: { code: string; message: string; request_id: string } };

    expect(res.status).toBe(400);
    expect(res.headers.get("x-switchyard-fallback")).toBeNull();
    expect(body.error.code).toBe("upstream_invalid_request");
    expect(body.error.request_id).toBe(res.headers.get("x-switchyard-request-id"));
    expect(sentTo(a)).toHaveLength(1);
    expect(sentTo(b)).toHaveLength(0);
    const row = await rowFor(res.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ status: "error", httpStatus: 400, errorCode: "upstream_invalid_request", attempts: 1 });
  });

  it.each([401, 404])("upstream %i is not retried; the next model answers", async (status) => {
    const a = await modelOn(`${upstream.url}/v1`);
    const b = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a, b]);
    upstream.faults.push({ model: a.upstreamModel, type: "status", status, times: 10 });

    const { data, response } = await t.openai.chat.completions.create({ model: a.name, messages: hello }).withResponse();

    expect(response.status).toBe(200);
    expect(data.model).toBe(b.name);
    expect(response.headers.get("x-switchyard-fallback")).toBe("true");
    expect(sentTo(a)).toHaveLength(1);
    expect(sentTo(b)).toHaveLength(1);
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(attemptsOf(row).map((x) => [x.model, x.status])).toEqual([[a.name, status], [b.name, 200]]);
  });
});

describe("fallbacks of a named model follow the request's task", () => {
  // The engine sends a named model's request before classifying an unhinted prompt (the task only decides the
  // fallbacks): the fallback must still come from the classified task's rule, and the answer and row carry it.
  /** `a` fails (401, no retry); the team's defaults are [byDefault] and its "code" rule is [forCode]. */
  async function failingModelWithTaskRules() {
    const a = await modelOn(`${upstream.url}/v1`);
    const byDefault = await modelOn(`${upstream.url}/v1`);
    const forCode = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([byDefault], { code: [forCode] });
    upstream.faults.push({ model: a.upstreamModel, type: "status", status: 401, times: 10 });
    return { a, byDefault, forCode, t };
  }
  const codePrompt = [{ role: "user" as const, content: "Fix this Python function so it returns the sum, and add a pytest unit test:\n\ndef add(a, b):\n    return a - b" }];

  it("unhinted: the classified task's rule supplies the fallback", async () => {
    const { a, byDefault, forCode, t } = await failingModelWithTaskRules();

    const { data, response } = await t.openai.chat.completions.create({ model: a.name, messages: codePrompt }).withResponse();

    expect(data.model).toBe(forCode.name);
    expect(response.headers.get("x-switchyard-task")).toBe("code");
    expect(response.headers.get("x-switchyard-route-reason")).toMatch(/fallbacks from rule "code"/);
    expect(sentTo(byDefault)).toHaveLength(0);
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ task: "code", modelName: forCode.name, fallback: true });
  });

  it("a task named in the header wins over the classifier, for the fallback too", async () => {
    const { a, byDefault, forCode, t } = await failingModelWithTaskRules();

    const res = await fetch(`${app.url}/api/route/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json", "x-switchyard-task": "chat" },
      body: JSON.stringify({ model: a.name, messages: codePrompt }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-model")).toBe(byDefault.name);
    expect(res.headers.get("x-switchyard-task")).toBe("chat");
    const row = await rowFor(res.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ task: "chat", modelName: byDefault.name });
  });

  it("the row of an answer from the named model itself carries the classified task", async () => {
    const a = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a]);
    const { response } = await t.openai.chat.completions.create({ model: a.name, messages: codePrompt }).withResponse();
    expect(response.headers.get("x-switchyard-task")).toBe("code");
    expect(response.headers.get("x-switchyard-route-reason")).toMatch(/^requested "/);
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ task: "code", modelName: a.name, fallback: false });
  });
});

// ---------- RELIABILITY.md 2: 429 + Retry-After honoured only within budget, else fall back and cool down ----------

describe("429 with Retry-After (RELIABILITY.md 2)", () => {
  // The demo sends integer seconds; the engine waits at most MAX_RETRY_AFTER_MS = 2000.
  it("Retry-After: 1 (within the 2 s budget) is waited for, then the same model answers", async () => {
    const a = await modelOn(`${upstream.url}/v1`);
    const b = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a, b]);
    upstream.faults.push({ model: a.upstreamModel, type: "rate_limit", retryAfterSeconds: 1 });

    const t0 = performance.now();
    const { data, response } = await t.openai.chat.completions.create({ model: a.name, messages: hello }).withResponse();
    const elapsed = performance.now() - t0;

    expect(response.status).toBe(200);
    expect(data.model).toBe(a.name);
    expect(response.headers.get("x-switchyard-fallback")).toBeNull();
    const tries = sentTo(a);
    expect(tries).toHaveLength(2);
    expect(tries[1]!.fault).toBeUndefined();
    expect(Date.parse(tries[1]!.at) - Date.parse(tries[0]!.at)).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    expect(sentTo(b)).toHaveLength(0);
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(attemptsOf(row).map((x) => x.status)).toEqual([429, 200]);
  });

  it("Retry-After: 60 falls back at once, and the model cools down for the next 'auto' request", async () => {
    const a = await modelOn(`${upstream.url}/v1`);
    const b = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a, b], { chat: [a, b] });
    upstream.faults.push({ model: a.upstreamModel, type: "rate_limit", retryAfterSeconds: 60, times: 10 });

    const t0 = performance.now();
    const first = await t.openai.chat.completions.create({ model: a.name, messages: hello }).withResponse();
    const elapsed = performance.now() - t0;

    expect(first.response.status).toBe(200);
    expect(first.data.model).toBe(b.name);
    expect(first.response.headers.get("x-switchyard-fallback")).toBe("true");
    expect(elapsed).toBeLessThan(2000); // no 60 s wait, no retries
    expect(sentTo(a)).toHaveLength(1);

    // The rule lists a first, but a is cooling down: b serves without a being tried.
    const second = await t.openai.chat.completions.create({ model: "auto", messages: hello }, { headers: { "x-switchyard-task": "chat" } }).withResponse();
    expect(second.response.status).toBe(200);
    expect(second.response.headers.get("x-switchyard-model")).toBe(b.name);
    expect(second.response.headers.get("x-switchyard-route-reason")).toContain("cooling down");
    expect(second.response.headers.get("x-switchyard-route-reason")).toContain(a.name);
    expect(sentTo(a)).toHaveLength(1);
  });
});

// ---------- RELIABILITY.md 3: connect failure / no headers in time -> next target, before any byte ----------

describe("connect failure and slow first byte (RELIABILITY.md 3)", () => {
  const broken = {
    "connect failure": async () => modelOn(`http://127.0.0.1:${await closedPort()}/v1`),
    "no response headers within firstByteTimeoutMs": async () => {
      const m = await modelOn(`${upstream.url}/v1`, { timeouts: { firstByteTimeoutMs: 300 } });
      // 10 s of silence: waiting for it even once would blow the time bound below.
      upstream.faults.push({ model: m.upstreamModel, type: "slow_first_byte", delayMs: 10_000, times: 10 });
      return m;
    },
  };
  const cases = Object.keys(broken).flatMap((k) => [[k, false], [k, true]] as [keyof typeof broken, boolean][]);

  it.each(cases)("%s (stream: %s): the next model gives a normal, complete answer", async (kind, stream) => {
    const a = await broken[kind]();
    const b = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([a, b]);

    const t0 = performance.now();
    let text = "";
    let response: Response;
    if (stream) {
      const r = await t.openai.chat.completions.create({ model: a.name, messages: hello, stream: true }).withResponse();
      response = r.response;
      for await (const chunk of r.data) text += chunk.choices[0]?.delta?.content ?? ""; // throws on an SSE error event
    } else {
      const r = await t.openai.chat.completions.create({ model: a.name, messages: hello }).withResponse();
      response = r.response;
      text = r.data.choices[0]!.message.content ?? "";
    }
    const elapsed = performance.now() - t0;

    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchyard-model")).toBe(b.name);
    expect(response.headers.get("x-switchyard-fallback")).toBe("true");
    expect(text.length).toBeGreaterThan(0);
    // undici's header timer ticks at ~1 s resolution, so 3 tries of a 300 ms timeout take up to ~3 s.
    expect(elapsed).toBeLessThan(6000);
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ status: "success", modelName: b.name, fallback: true, stream });
    const log = attemptsOf(row);
    expect(log.at(-1)).toMatchObject({ model: b.name, status: 200 });
    expect(log.slice(0, -1).length).toBeGreaterThanOrEqual(1);
    for (const x of log.slice(0, -1)) {
      expect(x.model).toBe(a.name);
      expect(String(x.status)).toMatch(kind === "connect failure" ? /ECONNREFUSED/ : /UND_ERR_HEADERS_TIMEOUT/);
    }
    if (kind !== "connect failure") expect(sentTo(a)).toHaveLength(log.length - 1);
  });
});

// ---------- RELIABILITY.md 4: a stall mid-stream ends in an SSE error, never a clean success ----------

describe("upstream stalls mid-stream (RELIABILITY.md 4)", () => {
  async function stalled(kind: "openai" | "anthropic") {
    const a = await modelOn(kind === "openai" ? `${upstream.url}/v1` : upstream.url, { kind, timeouts: { idleTimeoutMs: 500 } });
    const t = await teamFor([a]);
    upstream.faults.push({ model: a.upstreamModel, type: "stall", afterChunks: 3 });
    return { a, t };
  }

  it("OpenAI protocol, raw SSE: error event, closed within 3 s, no [DONE]; the row says incomplete", async () => {
    const { a, t } = await stalled("openai");
    const t0 = performance.now();
    const res = await post("chat/completions", t.key, { model: a.name, messages: hello, stream: true });
    const sse = await res.text(); // resolves when the gateway closes the stream
    const elapsed = performance.now() - t0;

    expect(res.status).toBe(200); // headers went out before the stall
    expect(elapsed).toBeLessThan(3000);
    expect(sse).not.toContain("[DONE]");
    const data = dataLines(sse);
    expect(data.length).toBeGreaterThanOrEqual(2); // the chunks before the stall, then the error
    expect(JSON.parse(data.at(-1)!)).toMatchObject({ error: { type: "api_error", code: "upstream_stream_error" } });
    const row = await rowFor(res.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ status: "incomplete", httpStatus: 502, errorCode: "upstream_stalled", stream: true });
  });

  it("OpenAI SDK: iterating the stalled stream throws an APIError", async () => {
    const { a, t } = await stalled("openai");
    const t0 = performance.now();
    const stream = await t.openai.chat.completions.create({ model: a.name, messages: hello, stream: true });
    let chunks = 0;
    const consume = async () => {
      for await (const _ of stream) chunks++;
    };
    await expect(consume()).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(chunks).toBeGreaterThan(0);
  });

  it("Anthropic protocol, raw SSE: event: error, closed within 3 s, no message_stop; the row says incomplete", async () => {
    const { a, t } = await stalled("anthropic");
    const t0 = performance.now();
    const res = await post("messages", t.key, { model: a.name, max_tokens: 200, messages: hello, stream: true });
    const sse = await res.text();
    const elapsed = performance.now() - t0;

    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(3000);
    expect(sse).toContain("event: message_start");
    expect(sse).toContain("event: error");
    expect(sse).not.toContain("message_stop");
    const row = await rowFor(res.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ status: "incomplete", errorCode: "upstream_stalled" });
  });

  it("Anthropic SDK: iterating the stalled stream throws an APIError", async () => {
    const { a, t } = await stalled("anthropic");
    const t0 = performance.now();
    const stream = await t.anthropic.messages.create({ model: a.name, max_tokens: 200, messages: hello, stream: true });
    const consume = async () => {
      for await (const _ of stream) void _;
    };
    await expect(consume()).rejects.toBeInstanceOf(Anthropic.APIError);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

// ---------- RELIABILITY.md 5: client disconnect aborts the upstream; spend still recorded ----------

describe("client disconnects (RELIABILITY.md 5)", () => {
  it("mid-stream: closes the upstream connection within a second and still writes a 'cancelled' row with spend", async () => {
    // 200 pieces, 50 ms apart: 10 s of stream, so only an abort can end it early.
    const vendor = await startFakeVendor((res, body) => streamCompletion(res, String(body.model), { pieces: Array.from({ length: 200 }, (_, i) => `word${i} `), gapMs: 50, usage: true }));
    const a = await modelOn(`${vendor.url}/v1`);
    const t = await teamFor([a]);

    const ac = new AbortController();
    const res = await post("chat/completions", t.key, { model: a.name, messages: hello, stream: true }, ac.signal);
    expect(res.status).toBe(200);
    const id = res.headers.get("x-switchyard-request-id")!;
    const reader = res.body!.getReader();
    let got = "";
    while (!got.includes("word1 ")) {
      const { value, done } = await reader.read(); // until a few chunks reached us
      if (done) throw new Error(`stream ended early: ${got}`);
      got += new TextDecoder().decode(value);
    }
    const abortedAt = performance.now();
    ac.abort();

    const closedAt = await Promise.race([vendor.requests[0]!.closedAt, sleep(3000).then(() => Infinity)]);
    expect(closedAt - abortedAt).toBeLessThan(1000);
    expect(vendor.requests[0]!.finished()).toBe(false); // cut, not finished

    const row = await rowFor(id);
    expect(row).toMatchObject({ status: "cancelled", httpStatus: 499, errorCode: "client_disconnected", modelName: a.name });
    expect(row!.inputTokens).toBeGreaterThan(0);
    expect(row!.outputTokens).toBeGreaterThan(0);
    expect(Number(row!.costUsd)).toBeGreaterThan(0);
  });

  it("a disconnect before the upstream answered (non-streaming) also aborts it and still records the prompt's spend", async () => {
    // The vendor holds the request for 5 s; it has the prompt (and bills it) from the moment it got it.
    const vendor = await startFakeVendor((res, body) => {
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "x", object: "chat.completion", created: 1, model: body.model, choices: [{ index: 0, message: { role: "assistant", content: "late" }, finish_reason: "stop" }], usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 } }));
      }, 5000);
    });
    const a = await modelOn(`${vendor.url}/v1`);
    const t = await teamFor([a]);
    const before = await prisma.requestLog.findMany({ where: { teamId: t.teamId }, select: { id: true } });
    expect(before).toHaveLength(0);

    const ac = new AbortController();
    const pending = post("chat/completions", t.key, { model: a.name, messages: hello }, ac.signal).catch((e: unknown) => e);
    while (vendor.requests.length === 0) await sleep(10); // the upstream has the request
    const abortedAt = performance.now();
    ac.abort();
    expect(await pending).toBeInstanceOf(Error);

    const closedAt = await Promise.race([vendor.requests[0]!.closedAt, sleep(3000).then(() => Infinity)]);
    expect(closedAt - abortedAt).toBeLessThan(1000);

    // No response reached the client, so the row is found by team.
    let row = null;
    for (let i = 0; i < 60 && !row; i++) {
      await logWriter().flush();
      row = await prisma.requestLog.findFirst({ where: { teamId: t.teamId } });
      if (!row) await sleep(50);
    }
    expect(row).toMatchObject({ status: "cancelled", httpStatus: 499, errorCode: "client_disconnected", modelName: a.name });
    expect(row!.inputTokens).toBeGreaterThan(0);
    expect(Number(row!.costUsd)).toBeGreaterThan(0);
  });
});

// ---------- RELIABILITY.md 8: streams without usage are never priced at $0 ----------

describe("streams without usage (RELIABILITY.md 8)", () => {
  const pieces = Array.from({ length: 20 }, (_, i) => `token${i} `);

  it("OpenAI protocol: the gateway asked for usage, got none, and counted tokens instead", async () => {
    const vendor = await startFakeVendor((res, body) => streamCompletion(res, String(body.model), { pieces, gapMs: 0, usage: false }));
    const a = await modelOn(`${vendor.url}/v1`);
    const t = await teamFor([a]);

    const { data: stream, response } = await t.openai.chat.completions.create({ model: a.name, messages: hello, stream: true }).withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";

    expect(text).toBe(pieces.join(""));
    expect(vendor.requests[0]!.body.stream_options).toEqual({ include_usage: true });
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ status: "success", usageEstimated: true });
    expect(row!.outputTokens).toBeGreaterThan(0);
    expect(row!.inputTokens).toBeGreaterThan(0);
    expect(Number(row!.costUsd)).toBeGreaterThan(0);
  });

  it("Anthropic protocol over the same usage-less OpenAI-style upstream: also counted, never $0", async () => {
    const vendor = await startFakeVendor((res, body) => streamCompletion(res, String(body.model), { pieces, gapMs: 0, usage: false }));
    const a = await modelOn(`${vendor.url}/v1`);
    const t = await teamFor([a]);

    const res = await post("messages", t.key, { model: a.name, max_tokens: 200, messages: hello, stream: true });
    const sse = await res.text();
    expect(sse).toContain("message_stop");
    const row = await rowFor(res.headers.get("x-switchyard-request-id")!);
    expect(row).toMatchObject({ status: "success", usageEstimated: true });
    expect(row!.outputTokens).toBeGreaterThan(0);
    expect(Number(row!.costUsd)).toBeGreaterThan(0);
  });
});

// ---------- RELIABILITY.md 6: each request log row is written (and rolled up) exactly once ----------

describe("exactly-once logging (RELIABILITY.md 6)", () => {
  it("writing the same batch twice inserts each row once and adds it to usage_rollups once", async () => {
    const { team } = await makeTeam({ defaults: [] });
    const createdAt = new Date();
    const rec = (i: number): LogRecord =>
      makeLogRecord({
        id: `req_${uid("once")}`,
        createdAt,
        teamId: team.id,
        modelName: i % 2 ? "model-odd" : "model-even",
        providerName: "provider-x",
        status: i === 2 ? "error" : "success",
        httpStatus: i === 2 ? 502 : 200,
        inputTokens: 100 + i,
        outputTokens: 10 + i,
        costNanoUsd: 1_234_567 * (i + 1),
        latencyMs: 50,
      });
    const sums = async () => {
      const s = await prisma.usageRollup.aggregate({ where: { teamId: team.id }, _sum: { requests: true, errors: true, inputTokens: true, outputTokens: true, costUsd: true, latencyMsSum: true } });
      return { ...s._sum, costUsd: s._sum.costUsd?.toString() ?? null };
    };
    const batch = [rec(0), rec(1), rec(2)];

    expect(await sums()).toMatchObject({ requests: null });
    expect(await writeRequestLogBatch(batch)).toBe(3);
    const once = await sums();
    expect(once).toEqual({ requests: 3, errors: 1, inputTokens: 303n, outputTokens: 33n, costUsd: "0.007407402", latencyMsSum: 150n });

    expect(await writeRequestLogBatch(batch)).toBe(0); // a retried batch
    expect(await sums()).toEqual(once);
    expect(await prisma.requestLog.count({ where: { teamId: team.id } })).toBe(3);

    const extra = rec(3);
    expect(await writeRequestLogBatch([...batch, extra])).toBe(1); // only the new row counts
    expect(await sums()).toMatchObject({ requests: 4, inputTokens: 406n });
    expect(await prisma.requestLog.count({ where: { teamId: team.id } })).toBe(4);
  });
});
