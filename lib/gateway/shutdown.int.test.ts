import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import {
  connectionRefused,
  privateDatabase,
  readOpenAIStream,
  spilledFiles,
  startLauncher,
  startSlowVendor,
  stopAllLaunchers,
  type Launched,
  type SlowVendor,
} from "@/lib/testing/launcher";

// RELIABILITY.md 9, through the production shutdown path: the real launcher (scripts/start.ts, --gateway-only so
// no web build is needed) gets SIGTERM while answers are in flight. It must stop accepting, let in-flight streams
// and requests finish within SWITCHYARD_DRAIN_SECONDS, cut the ones that outlast it with an SSE error event, write
// every request's log row before it exits 0. The launcher has a database of its own (privateDatabase).

type Db = typeof import("@/lib/db/client").prisma;
let prisma: Db;
let dropDb: (() => Promise<void>) | undefined;
let databaseUrl: string;
let upstream: DemoUpstream;
let slow: SlowVendor;
let key: string;
const models = { fast: "", slowStream: "", slowAnswer: "", endless: "" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chat(l: Launched, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${l.url}/api/route/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "Explain what a load balancer does, briefly." }], ...body }),
  });
}

/** An Anthropic-protocol stream, read raw; resolves once its first text delta has arrived, with the whole read. */
async function anthropicStream(l: Launched, model: string) {
  const res = await fetch(`${l.url}/api/route/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
    body: JSON.stringify({ model, max_tokens: 1024, stream: true, messages: [{ role: "user", content: "Explain what a load balancer does, briefly." }] }),
  });
  expect(res.status).toBe(200);
  let text = "";
  let started!: () => void;
  const firstDelta = new Promise<void>((r) => (started = r));
  const done = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(bytes, { stream: true });
        if (text.includes("content_block_delta")) started();
      }
      return { requestId: res.headers.get("x-switchyard-request-id")!, text, threw: null as string | null };
    } catch (err) {
      return { requestId: res.headers.get("x-switchyard-request-id")!, text, threw: (err as Error).message };
    }
  })();
  await firstDelta;
  return { done };
}

/** Log rows per request id, straight from the database. */
async function rowsFor(ids: string[]) {
  return prisma.requestLog.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, httpStatus: true, errorCode: true, stream: true, modelName: true, outputTokens: true } });
}

beforeAll(async () => {
  const db = await privateDatabase("shutdown");
  dropDb = db.drop;
  databaseUrl = db.url;
  process.env.DATABASE_URL = db.url; // before the Prisma client is first imported: it and the factories use it
  prisma = (await import("@/lib/db/client")).prisma;
  const { makeModel, makeProvider, makeTeam } = await import("@/lib/testing/factories");

  upstream = await startDemoUpstream({ latencyScale: 0 });
  slow = await startSlowVendor();
  // Timeouts well above the vendors' deliberate slowness: a loaded machine must not turn these into retries.
  const timeouts = { connectTimeoutMs: 10_000, firstByteTimeoutMs: 15_000, idleTimeoutMs: 10_000 };
  const demo = await makeProvider({ baseUrl: `${upstream.url}/v1` });
  const vendor = await makeProvider({ baseUrl: slow.url });
  await prisma.provider.updateMany({ where: { id: { in: [demo.id, vendor.id] } }, data: timeouts });
  const fast = await makeModel({ providerId: demo.id, upstreamModel: "gpt-4-shutdown" });
  const slowStream = await makeModel({ providerId: vendor.id, upstreamModel: "slow-16x250" }); // ~4 s
  const slowAnswer = await makeModel({ providerId: vendor.id, upstreamModel: "slow-8x250" }); // ~2 s, non-stream
  const endless = await makeModel({ providerId: vendor.id, upstreamModel: "slow-120x250" }); // ~30 s
  Object.assign(models, { fast: fast.name, slowStream: slowStream.name, slowAnswer: slowAnswer.name, endless: endless.name });
  // Each model is its own chain's only entry: a cut stream must not be retried elsewhere.
  ({ key } = await makeTeam({ defaults: [fast.id], allowed: [fast.id, slowStream.id, slowAnswer.id, endless.id] }));
});

afterAll(async () => {
  await stopAllLaunchers();
  await upstream?.close();
  await slow?.close();
  await prisma?.$disconnect();
  await dropDb?.();
});

describe("SIGTERM drain (scripts/start.ts)", () => {
  it("finishes in-flight streams and requests, refuses new connections, writes one log row per answer, exits 0 within the drain window", async () => {
    const DRAIN_S = 30;
    const app = await startLauncher({ databaseUrl, env: { SWITCHYARD_DRAIN_SECONDS: String(DRAIN_S) } });

    // Answered before the signal.
    const before: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await chat(app, { model: models.fast });
      const body = (await res.json()) as { choices: { message: { content: string } }[] };
      expect(res.status).toBe(200);
      expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
      before.push(res.headers.get("x-switchyard-request-id")!);
    }

    // In flight at the signal: a stream that has started sending, and a non-stream answer not yet back.
    let firstContent!: () => void;
    const streaming = new Promise<void>((r) => (firstContent = r));
    const streamRes = await chat(app, { model: models.slowStream, stream: true });
    expect(streamRes.status).toBe(200);
    const streamDone = readOpenAIStream(streamRes, firstContent);
    await streaming;
    const pendingAnswer = chat(app, { model: models.slowAnswer });
    for (let i = 0; i < 100 && !slow.requests.some((r) => r.model === "slow-8x250"); i++) await sleep(20);
    expect(slow.requests.some((r) => r.model === "slow-8x250")).toBe(true);

    const signalledAt = performance.now();
    app.child.kill("SIGTERM");
    await app.waitForLine(/SIGTERM: shutting down/);
    expect(await connectionRefused(app.port)).toBe(true); // the listener is closed while the stream still runs

    const stream = await streamDone;
    expect(stream.threw).toBeNull();
    expect(stream.error).toBeNull();
    expect(stream.done).toBe(true); // its normal end, [DONE], not a cut
    expect(stream.content).toBe(Array.from({ length: 16 }, (_, i) => `p${i} `).join(""));
    const answer = await pendingAnswer;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe(Array.from({ length: 8 }, (_, i) => `p${i} `).join(""));

    const exit = await app.exited;
    const exitAfterS = (exit.at - signalledAt) / 1000;
    expect(exit).toMatchObject({ code: 0, signal: null });
    // Within the window, and well before its end: once nothing is in flight the drain is over, even with the
    // client's keep-alive connections still open (the ~4 s stream is all there is to wait for).
    expect(exitAfterS).toBeLessThan(DRAIN_S / 2);
    expect(app.lines.some((l) => /cut \d+ stream/.test(l))).toBe(false);
    console.log(`drain: exit 0 ${exitAfterS.toFixed(1)} s after SIGTERM (stream of ~4 s in flight, window ${DRAIN_S} s)`);

    const ids = [...before, stream.requestId!, answer.headers.get("x-switchyard-request-id")!];
    expect(new Set(ids).size).toBe(6);
    const rows = await rowsFor(ids);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort()); // exactly one row each, none missing
    expect(rows.every((r) => r.status === "success" && r.httpStatus === 200)).toBe(true);
    expect(rows.find((r) => r.id === stream.requestId)).toMatchObject({ stream: true, modelName: models.slowStream, outputTokens: 16 });
    expect(spilledFiles(app)).toEqual([]); // written to the database before exit, not spilled
  }, 120_000);

  it("a stream that outlasts the drain window ends with an SSE error event, and its row says so", async () => {
    const DRAIN_S = 2;
    const app = await startLauncher({ databaseUrl, env: { SWITCHYARD_DRAIN_SECONDS: String(DRAIN_S) } });

    let firstContent!: () => void;
    const streaming = new Promise<void>((r) => (firstContent = r));
    const res = await chat(app, { model: models.endless, stream: true });
    expect(res.status).toBe(200);
    const done = readOpenAIStream(res, firstContent);
    await streaming;
    // The same for an Anthropic client (its error event has its own shape; the upstream speaks OpenAI).
    const anthropic = await anthropicStream(app, models.endless);

    const signalledAt = performance.now();
    app.child.kill("SIGTERM");
    const stream = await done;
    const endedAfterS = (performance.now() - signalledAt) / 1000;

    expect(stream.threw).toBeNull(); // an orderly end of the body, not a reset connection
    expect(stream.done).toBe(false); // never a clean end
    expect(stream.error?.message).toMatch(/shutting down/);
    const last = stream.text.trim().split("\n\n").at(-1)!;
    expect(JSON.parse(last.replace(/^data: /, ""))).toHaveProperty("error"); // the error event is the last frame
    expect(stream.content.length).toBeGreaterThan(0);
    expect(stream.content.length).toBeLessThan(Array.from({ length: 120 }, (_, i) => `p${i} `).join("").length);
    expect(endedAfterS).toBeGreaterThanOrEqual(DRAIN_S - 0.5); // it was given the window
    expect(endedAfterS).toBeLessThan(DRAIN_S + 15);
    const a = await anthropic.done;
    expect(a.threw).toBeNull();
    expect(a.text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*shutting down/);
    expect(a.text).not.toContain("message_stop");
    expect(a.text.trim().split("\n\n").at(-1)).toMatch(/^event: error\n/); // the error event is the last one

    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(app.lines.some((l) => /cut 2 stream\(s\) still running/.test(l))).toBe(true);
    console.log(`cut: stream ended ${endedAfterS.toFixed(1)} s after SIGTERM (window ${DRAIN_S} s), exit 0 after ${((exit.at - signalledAt) / 1000).toFixed(1)} s`);

    const rows = await rowsFor([stream.requestId!, a.requestId]);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "incomplete", httpStatus: 503, errorCode: "shutdown", stream: true, modelName: models.endless });
      expect(row.outputTokens).toBeGreaterThan(0); // what was streamed is still accounted
    }
    expect(spilledFiles(app)).toEqual([]);
  }, 120_000);
});
