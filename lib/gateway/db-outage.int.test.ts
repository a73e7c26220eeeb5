import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { privateDatabase, readOpenAIStream, spilledFiles, startLauncher, stopAllLaunchers, tcpProxy, type Launched, type TcpProxy } from "@/lib/testing/launcher";

// RELIABILITY.md 6 under live traffic: a real launcher (scripts/start.ts --gateway-only) reaches its database only
// through a TCP proxy we control. With the snapshot loaded, the proxy is cut (open connections closed, new ones
// refused) and traffic keeps coming: answers must keep coming from the in-memory caches (a budgeted team without
// headroom in memory is refused with 503, by design), /api/health must say the database is unreachable, and once
// the proxy is back every request of the outage has exactly one request_logs row within a bounded time.

type Db = typeof import("@/lib/db/client").prisma;
let prisma: Db;
let dropDb: (() => Promise<void>) | undefined;
let upstream: DemoUpstream;
let proxy: TcpProxy;
let app: Launched;
let plainKey: string; // a team without a budget
let budgetedKey: string; // a team with a monthly budget and, before the outage, no lease
let modelName: string;
const UPSTREAM_MODEL = "gpt-4-outage";
const PROMPTS = ["What is the capital of France?", "Write a haiku about databases going down.", "Explain exponential backoff in two sentences."];
const expected = new Map<string, string>(); // prompt -> the demo upstream's own answer

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chat(key: string, prompt: string, stream: boolean): Promise<Response> {
  return fetch(`${app.url}/api/route/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: modelName, stream, messages: [{ role: "user", content: prompt }] }),
  });
}

type Outcome = { id: string; status: number; content: string; prompt: string; stream: boolean; done: boolean };

async function ask(key: string, prompt: string, stream: boolean): Promise<Outcome> {
  const res = await chat(key, prompt, stream);
  const id = res.headers.get("x-switchyard-request-id") ?? "";
  if (stream && res.status === 200) {
    const s = await readOpenAIStream(res);
    return { id, status: res.status, content: s.content, prompt, stream, done: s.done && !s.error && !s.threw };
  }
  const body = (await res.json()) as { choices?: { message: { content: string } }[] };
  return { id, status: res.status, content: body.choices?.[0]?.message.content ?? "", prompt, stream, done: true };
}

async function health(): Promise<{ status: number; body: { status?: string; db?: string } }> {
  const res = await fetch(`${app.url}/api/health`);
  return { status: res.status, body: (await res.json()) as { status?: string; db?: string } };
}

async function rowCounts(ids: string[]): Promise<Map<string, number>> {
  const rows = await prisma.$queryRaw<{ id: string; n: bigint }[]>`SELECT id, count(*) AS n FROM request_logs WHERE id = ANY(${ids}) GROUP BY id`;
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

beforeAll(async () => {
  const db = await privateDatabase("outage");
  dropDb = db.drop;
  process.env.DATABASE_URL = db.url; // before the Prisma client is first imported: it and the factories use it
  prisma = (await import("@/lib/db/client")).prisma;
  const { makeModel, makeProvider, makeTeam } = await import("@/lib/testing/factories");

  upstream = await startDemoUpstream({ latencyScale: 0 });
  const provider = await makeProvider({ baseUrl: `${upstream.url}/v1` });
  await prisma.provider.update({ where: { id: provider.id }, data: { connectTimeoutMs: 10_000, firstByteTimeoutMs: 15_000, idleTimeoutMs: 10_000 } });
  const model = await makeModel({ providerId: provider.id, upstreamModel: UPSTREAM_MODEL });
  modelName = model.name;
  plainKey = (await makeTeam({ defaults: [model.id] })).key;
  const budgeted = await makeTeam({ defaults: [model.id] });
  await prisma.team.update({ where: { id: budgeted.team.id }, data: { monthlyBudgetUsd: 50 } });
  budgetedKey = budgeted.key;

  // What a correct answer is: the demo upstream's own answer to the same prompt (deterministic per prompt+model).
  for (const prompt of PROMPTS) {
    const res = await fetch(`${upstream.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-direct", "content-type": "application/json" },
      body: JSON.stringify({ model: UPSTREAM_MODEL, messages: [{ role: "user", content: prompt }] }),
    });
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
    expect(content.length).toBeGreaterThan(0);
    expected.set(prompt, content);
  }

  const url = new URL(db.url);
  proxy = await tcpProxy(url.hostname, Number(url.port || 5432));
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  app = await startLauncher({ databaseUrl: url.href });
});

afterAll(async () => {
  await stopAllLaunchers();
  await proxy?.close();
  await upstream?.close();
  await prisma?.$disconnect();
  await dropDb?.();
});

describe("database down under live traffic", () => {
  it("serves from the caches, reports the database unreachable, and writes every outage request's row exactly once after it returns", async () => {
    // Warm: snapshot loaded, both paths answered, their rows written (so the outage starts with an empty queue).
    const warm = [await ask(plainKey, PROMPTS[0]!, false), await ask(plainKey, PROMPTS[1]!, true)];
    expect(warm.map((w) => [w.status, w.done])).toEqual([[200, true], [200, true]]);
    for (let i = 0; i < 100 && (await rowCounts(warm.map((w) => w.id))).size < 2; i++) await sleep(100);
    expect((await rowCounts(warm.map((w) => w.id))).size).toBe(2);
    expect(await health()).toEqual({ status: 200, body: { status: "ok", db: "ok" } });

    await proxy.cut();
    const cutAt = performance.now();
    const outcomes: Outcome[] = [];
    // Two clients, one non-stream and one stream, for 5 s.
    const client = async (stream: boolean) => {
      for (let i = 0; performance.now() - cutAt < 5000; i++) {
        outcomes.push(await ask(plainKey, PROMPTS[i % PROMPTS.length]!, stream));
        await sleep(25);
      }
    };
    const [, , degraded, refusedBudget] = await Promise.all([client(false), client(true), health(), ask(budgetedKey, PROMPTS[2]!, false)]);

    expect(degraded).toEqual({ status: 503, body: { status: "degraded", db: "unreachable" } });
    // A hard budget stays hard: no headroom in memory and no database to grant it -> 503, never admitted unaccounted.
    expect(refusedBudget.status).toBe(503);
    const nonStream = outcomes.filter((o) => !o.stream);
    const streams = outcomes.filter((o) => o.stream);
    expect(nonStream.length).toBeGreaterThanOrEqual(5);
    expect(streams.length).toBeGreaterThanOrEqual(5);
    for (const o of outcomes) {
      expect(o.status, `${o.stream ? "stream" : "non-stream"} request ${o.id}`).toBe(200);
      expect(o.done).toBe(true);
      expect(o.content).toBe(expected.get(o.prompt));
    }
    const ids = [...outcomes.map((o) => o.id), refusedBudget.id];
    expect(new Set(ids).size).toBe(ids.length); // unique request ids
    // The outage was real: nothing of it reached the database while the proxy was cut.
    expect((await rowCounts(ids)).size).toBe(0);
    console.log(`outage: ${nonStream.length} non-stream + ${streams.length} stream requests answered 200 in ${((performance.now() - cutAt) / 1000).toFixed(1)} s without a database; budgeted team: 503`);

    await proxy.restore();
    const restoredAt = performance.now();
    let counts = new Map<string, number>();
    while (performance.now() - restoredAt < 30_000) {
      counts = await rowCounts(ids);
      if (counts.size === ids.length) break;
      await sleep(250);
    }
    const writtenAfterS = (performance.now() - restoredAt) / 1000;
    expect(ids.filter((id) => !counts.has(id))).toEqual([]); // none lost
    console.log(`outage: all ${ids.length} rows written ${writtenAfterS.toFixed(1)} s after the database came back`);
    await sleep(1500); // a late retry of a batch already written would show up as a second row now
    counts = await rowCounts(ids);
    expect([...counts.values()].every((n) => n === 1)).toBe(true); // exactly once
    expect(counts.size).toBe(ids.length);
    const budgetRow = await prisma.requestLog.findFirst({ where: { id: refusedBudget.id }, select: { status: true, httpStatus: true, errorCode: true } });
    expect(budgetRow).toEqual({ status: "error", httpStatus: 503, errorCode: "budget_unavailable" });
    const streamRows = await prisma.requestLog.count({ where: { id: { in: streams.map((s) => s.id) }, stream: true, status: "success" } });
    expect(streamRows).toBe(streams.length);

    let back = await health();
    for (let i = 0; i < 50 && back.status !== 200; i++) {
      await sleep(200);
      back = await health();
    }
    expect(back).toEqual({ status: 200, body: { status: "ok", db: "ok" } });
    expect(spilledFiles(app)).toEqual([]); // buffered in memory, not spilled

    // Shut down cleanly afterwards.
    app.child.kill("SIGTERM");
    expect(await app.exited).toMatchObject({ code: 0, signal: null });
  }, 150_000);
});
