import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/teams/[teamId]/graders/route";
import { DELETE as deleteRoute, PATCH as patchRoute } from "@/app/api/v1/teams/[teamId]/graders/[graderId]/route";
import { prisma } from "@/lib/db/client";
import { pairedShadowStats } from "@/lib/db/swaps";
import { loadDemoData } from "@/lib/demo-upstream/data";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { graderRunner } from "@/lib/gateway/live-grading";
import { logWriter } from "@/lib/gateway/log-writer";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { shadowRunner } from "@/lib/gateway/shadow";
import { getAccuracy } from "@/lib/services/accuracy";
import { buildEvidence, getSwapPolicy } from "@/lib/services/swaps";
import { adminToken, call } from "@/lib/testing/api";
import { makeDemoModels, makeTeam, setJudgeModel } from "@/lib/testing/factories";
import { serveRoutes } from "@/lib/testing/serve";

// Graders on live traffic, through the real gateway on the demo upstream (recorded MT-Bench answers, GPT-4 as the
// judge answering with the recorded GPT-4 judgements): JSON and streamed answers, OpenAI and Anthropic clients,
// configured through the API, changed without a restart; plus streamed canary answers and pairwise shadow verdicts.

const data = loadDemoData();
const Q = data.mtBench[0]!; // a writing question: recorded answers of both models, and GPT-4's ratings of them
const QUESTION = Q.turns[0];
const GPT4_ANSWER = Q.answers.gpt4[0];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A stretch of the recorded answer from its middle: found only if the whole streamed text was kept.
const MIDDLE = escape(GPT4_ANSWER.slice(Math.floor(GPT4_ANSWER.length / 2), Math.floor(GPT4_ANSWER.length / 2) + 40));
const CITY_SCHEMA = { type: "object", required: ["city"], properties: { city: { type: "string" } } };
const admin = { actor: { kind: "token" as const, id: null, email: "admin-token", name: null, role: "admin" as const, teamIds: [] } };

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
let gpt4: { id: string; name: string };
let mixtral: { id: string; name: string };

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  ({ gpt4, mixtral } = await makeDemoModels(upstream.url));
  await setJudgeModel(gpt4.name);
  await gatewayConfig().load();
  app = await serveRoutes(GATEWAY_ROUTES);
});

afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

type Send = { key: string; task: string; prompt: string; stream?: boolean; protocol?: "openai" | "anthropic"; json?: boolean; model?: string };

/** One request through the gateway (a stream is read to its end, as a client does); returns its request id. */
async function send(o: Send): Promise<{ id: string; text: string; model: string | null }> {
  const anthropic = o.protocol === "anthropic";
  const body: Record<string, unknown> = { model: o.model ?? "auto", messages: [{ role: "user", content: o.prompt }], ...(o.stream ? { stream: true } : {}) };
  if (anthropic) body.max_tokens = 2000;
  if (o.json) body.response_format = { type: "json_schema", json_schema: { name: "city", schema: CITY_SCHEMA } };
  const res = await fetch(`${app.url}/api/route/v1/${anthropic ? "messages" : "chat/completions"}`, {
    method: "POST",
    headers: { authorization: `Bearer ${o.key}`, "content-type": "application/json", "x-switchyard-task": o.task, ...(anthropic ? { "anthropic-version": "2023-06-01" } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(200);
  return { id: res.headers.get("x-switchyard-request-id")!, text, model: res.headers.get("x-switchyard-model") };
}

async function settled() {
  await shadowRunner().idle();
  await graderRunner().idle();
  await logWriter().flush();
}

const scoresOf = async (requestId: string) =>
  Object.fromEntries(
    (await prisma.evaluation.findMany({ where: { requestId, source: "grader" }, select: { grader: true, score: true } })).map((e) => [e.grader!.replace(/@\d+$/, ""), e.score]),
  );

async function addGrader(teamId: string, body: unknown) {
  const res = await call(createRoute, { method: "POST", path: `/api/v1/teams/${teamId}/graders`, params: { teamId }, body, as: adminToken() });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; grader: string; version: number };
}

describe("graders on live traffic", () => {
  it("grades JSON and streamed answers (OpenAI and Anthropic clients) with regex, JSON Schema and judge graders", async () => {
    const { team, key } = await makeTeam({ rules: { writing: [gpt4.id] }, defaults: [gpt4.id] });
    const has = await addGrader(team.id, { name: "has-middle", task: "writing", sampleRate: 1, definition: { kind: "regex", pattern: MIDDLE, caseInsensitive: false } });
    const noApology = await addGrader(team.id, { name: "no-apology", task: "writing", sampleRate: 1, definition: { kind: "regex", pattern: "\\bsorry\\b|as an ai", mode: "no_match" } });
    const json = await addGrader(team.id, { name: "city-json", task: "*", sampleRate: 1, definition: { kind: "json", schema: CITY_SCHEMA } });
    const judge = await addGrader(team.id, { name: "judge", task: "writing", sampleRate: 1, definition: { kind: "judge" } });
    expect([has.grader, json.grader, judge.grader]).toEqual(["has-middle@1", "city-json@1", "judge@1"]);
    await gatewayConfig().load();

    const plain = await send({ key, task: "writing", prompt: QUESTION });
    const streamed = await send({ key, task: "writing", prompt: QUESTION, stream: true });
    const anthropicStream = await send({ key, task: "writing", prompt: QUESTION, stream: true, protocol: "anthropic" });
    const jsonPlain = await send({ key, task: "writing", prompt: "Which city should I visit?", json: true });
    const jsonStreamed = await send({ key, task: "writing", prompt: "Which city should I visit?", json: true, stream: true });
    expect(streamed.text).toContain("data: [DONE]");
    await settled();

    const recorded = Q.scores.gpt4[0] / 10; // the judge repeats GPT-4's recorded rating only for the exact recorded text
    for (const r of [plain, streamed, anthropicStream]) {
      expect(await scoresOf(r.id), r.id).toEqual({ "has-middle": 1, "no-apology": 1, "city-json": 0, judge: recorded });
    }
    for (const r of [jsonPlain, jsonStreamed]) {
      const s = await scoresOf(r.id);
      expect({ ...s, judge: undefined }).toEqual({ "has-middle": 0, "no-apology": 1, "city-json": 1, judge: undefined });
      expect(s.judge).toBeGreaterThanOrEqual(0.6); // an answer the recordings do not have: 6-8
      expect(s.judge).toBeLessThanOrEqual(0.8);
    }

    // Rows: source grader, served model, label = configuration id, no answer text (the team keeps no bodies).
    const rows = await prisma.evaluation.findMany({ where: { teamId: team.id } });
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.modelName))).toEqual(new Set([gpt4.name]));
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set([has.id, noApology.id, json.id, judge.id]));
    for (const r of rows) {
      expect(r.task).toBe("writing");
      expect(r.comment ?? "").not.toContain(GPT4_ANSWER.slice(0, 30));
      if (r.grader === "judge@1") expect(r.comment).toBeNull();
    }
    const [stored] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM request_logs WHERE team_id = ${team.id} AND (request_body IS NOT NULL OR response_body IS NOT NULL)`;
    expect(stored!.n).toBe(0);
    expect(await prisma.requestLog.count({ where: { teamId: team.id, kind: "eval" } })).toBe(5); // one judge call per answer
    // Each score also teaches auto-routing's per-prompt quality, as hashed prompt features (never the text).
    const [examples] = await prisma.$queryRaw<{ n: number; text: string }[]>`
      SELECT count(*)::int AS n, string_agg(row(q.*)::text, ' ') AS text FROM quality_examples q WHERE team_id = ${team.id}`;
    expect(examples!.n).toBe(20);
    expect(examples!.text).not.toContain("city");

    // They are accuracy: the API's mean for the served model is the mean of these 20 scores.
    const acc = await getAccuracy(admin, { teamId: team.id, source: "grader" });
    expect(acc.rows).toHaveLength(1);
    expect(acc.rows[0]).toMatchObject({ model: gpt4.name, task: "writing", n: 20 });
    expect(acc.rows[0]!.accuracy).toBeCloseTo(rows.reduce((s, r) => s + r.score, 0) / 20, 4);
  }, 60_000);

  it("sample rate 0 grades nothing; changes apply without a restart, a new definition is a new version, delete stops it", async () => {
    const { team, key } = await makeTeam({ rules: { math: [gpt4.id] }, defaults: [gpt4.id] });
    const g = await addGrader(team.id, { name: "has-middle", task: "math", sampleRate: 0, definition: { kind: "regex", pattern: MIDDLE } });
    await gatewayConfig().load();
    for (let i = 0; i < 10; i++) await send({ key, task: "math", prompt: QUESTION, stream: i % 2 === 1 });
    await settled();
    expect(await prisma.evaluation.count({ where: { teamId: team.id } })).toBe(0);

    // From here on no explicit reload: the config_version trigger and the cache's poll carry every change.
    const patched = await call(patchRoute, { method: "PATCH", params: { teamId: team.id, graderId: g.id }, body: { sampleRate: 1 }, as: adminToken() });
    expect(patched.body).toMatchObject({ sampleRate: 1, version: 1, grader: "has-middle@1" });
    await expect
      .poll(async () => {
        await send({ key, task: "math", prompt: QUESTION });
        await settled();
        return prisma.evaluation.count({ where: { teamId: team.id, grader: "has-middle@1", score: 1 } });
      }, { timeout: 10_000, interval: 250 })
      .toBeGreaterThan(0);

    const v2 = await call(patchRoute, { method: "PATCH", params: { teamId: team.id, graderId: g.id }, body: { definition: { kind: "regex", pattern: MIDDLE, mode: "no_match" } }, as: adminToken() });
    expect(v2.body).toMatchObject({ version: 2, grader: "has-middle@2" });
    await expect
      .poll(async () => {
        await send({ key, task: "math", prompt: QUESTION, stream: true });
        await settled();
        return prisma.evaluation.count({ where: { teamId: team.id, grader: "has-middle@2" } });
      }, { timeout: 10_000, interval: 250 })
      .toBeGreaterThan(0);
    // The same answer now fails the reversed check; version 1 scores are untouched.
    expect(await prisma.evaluation.count({ where: { teamId: team.id, grader: "has-middle@2", score: { not: 0 } } })).toBe(0);
    expect(await prisma.evaluation.count({ where: { teamId: team.id, grader: "has-middle@1", score: { not: 1 } } })).toBe(0);
    // Re-sending the unchanged definition (jsonb reorders keys) is not a new version.
    const same = await call(patchRoute, { method: "PATCH", params: { teamId: team.id, graderId: g.id }, body: { definition: { kind: "regex", pattern: MIDDLE, mode: "no_match", caseInsensitive: true } }, as: adminToken() });
    expect(same.body.version).toBe(2);

    const del = await call(deleteRoute, { method: "DELETE", params: { teamId: team.id, graderId: g.id }, as: adminToken() });
    expect(del.status).toBe(200);
    await expect.poll(() => gatewayConfig().current?.graders?.get(team.id)?.get("math")?.length ?? 0, { timeout: 5000 }).toBe(0);
    const before = await prisma.evaluation.count({ where: { teamId: team.id } });
    await send({ key, task: "math", prompt: QUESTION });
    await settled();
    expect(await prisma.evaluation.count({ where: { teamId: team.id } })).toBe(before);
    expect(await prisma.auditEvent.findMany({ where: { teamId: team.id, resourceType: "grader" }, orderBy: { id: "asc" }, select: { action: true } })).toEqual([
      { action: "grader.create" },
      { action: "grader.update" },
      { action: "grader.update" },
      { action: "grader.update" },
      { action: "grader.delete" },
    ]);
  }, 60_000);

  it("refuses a catastrophic or invalid pattern and an unusable JSON Schema with a 400 naming the field", async () => {
    const { team } = await makeTeam({ defaults: [gpt4.id] });
    const post = (definition: unknown) => call(createRoute, { method: "POST", params: { teamId: team.id }, body: { name: "bad", task: "code", sampleRate: 1, definition }, as: adminToken() });
    const nested = await post({ kind: "regex", pattern: "^(\\w+\\s?)*$" });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details[0]).toMatchObject({ path: "definition.pattern", message: expect.stringMatching(/Nested quantifiers/) });
    const invalid = await post({ kind: "regex", pattern: "(unclosed" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^definition\.pattern: Not a valid regular expression/);
    const schema = await post({ kind: "json", schema: { type: "object", properties: { id: { type: "strin" } } } });
    expect(schema.status).toBe(400);
    expect(schema.body.error.details[0]).toMatchObject({ path: "definition.schema", message: expect.stringMatching(/^Not a usable JSON Schema/) });
    const dup = await post({ kind: "judge" });
    expect(dup.status).toBe(201);
    expect((await post({ kind: "judge" })).status).toBe(409);
    expect(await prisma.graderConfig.count({ where: { teamId: team.id } })).toBe(1);
  });

  it("a full queue drops answers and counts them instead of growing", async () => {
    const runner = graderRunner();
    const snap = gatewayConfig().current!;
    const { team } = await makeTeam({ defaults: [gpt4.id] });
    const grader = { id: "cfg-drop", name: "any", version: 1, grader: "any@1", kind: "json" as const, task: "*", sampleRate: 1, compiled: { kind: "json" as const, validate: null } };
    const before = { ...runner.stats };
    const teamRt = { ...snap.teams.values().next().value!, id: team.id, storeBodies: false };
    for (let i = 0; i < 1100; i++) {
      // What afterLiveAnswer queues, 1100 times in one tick: more than the queue holds.
      (runner as unknown as { enqueue: (j: unknown) => void }).enqueue({ snapshot: snap, team: teamRt, key: { id: "", teamId: team.id, expiresAtMs: null, revoked: false, monthlyBudgetUsd: null }, task: "chat", model: gpt4.name, requestId: `req_drop_${i}`, question: "", answer: "{}", graders: [grader] });
    }
    await runner.idle();
    const dropped = runner.stats.dropped - before.dropped;
    expect(dropped).toBeGreaterThanOrEqual(98);
    expect(runner.stats.enqueued - before.enqueued).toBe(1100 - dropped);
    expect(await prisma.evaluation.count({ where: { teamId: team.id, grader: "any@1", score: 1 } })).toBe(1100 - dropped);
  }, 60_000);
});

describe("shadow evaluation with streamed answers", () => {
  it("grades a streamed canary answer (the candidate served it) from the streamed text", async () => {
    const { team, key } = await makeTeam({ rules: { writing: [mixtral.id] }, defaults: [mixtral.id] });
    await prisma.shadowConfig.create({ data: { teamId: team.id, task: "writing", candidateModel: mixtral.name, sampleRate: 1 } });
    await gatewayConfig().load();
    const r = await send({ key, task: "writing", prompt: QUESTION, stream: true });
    expect(r.model).toBe(mixtral.name);
    await settled();
    const rows = await prisma.evaluation.findMany({ where: { requestId: r.id } });
    // The judge repeats Mixtral's recorded rating: the streamed text reached it intact.
    expect(rows.map((e) => ({ source: e.source, label: e.label, model: e.modelName, score: e.score }))).toEqual([{ source: "grader", label: "canary", model: mixtral.name, score: Q.scores.mixtral[0] / 10 }]);
  }, 60_000);

  it("mirrors streamed answers without re-running the incumbent, and records pairwise verdicts the paired test does not count", async () => {
    const humanities = data.mtBench.filter((q) => (q as unknown as { category: string }).category === "humanities").slice(0, 6);
    const { team, key } = await makeTeam({ rules: { humanities: [gpt4.id] }, defaults: [gpt4.id] });
    await prisma.shadowConfig.create({ data: { teamId: team.id, task: "humanities", candidateModel: mixtral.name, sampleRate: 1, pairwise: true } });
    await gatewayConfig().load();
    const sent = [];
    for (const [i, q] of humanities.entries()) sent.push({ q, r: await send({ key, task: "humanities", prompt: q.turns[0], stream: i % 2 === 0 }) });
    await settled();

    expect(await prisma.requestLog.count({ where: { teamId: team.id, kind: "shadow", modelName: gpt4.name } })).toBe(0); // no incumbent re-runs
    expect(await prisma.requestLog.count({ where: { teamId: team.id, kind: "shadow", modelName: mixtral.name } })).toBe(humanities.length);
    for (const { q, r } of sent) {
      const rows = await prisma.evaluation.findMany({ where: { requestId: r.id }, select: { label: true, modelName: true, score: true, grader: true } });
      const by = Object.fromEntries(rows.map((e) => [e.label, e]));
      expect(by.incumbent).toMatchObject({ modelName: gpt4.name, score: q.scores.gpt4[0] / 10, grader: "judge@1" });
      expect(by.candidate).toMatchObject({ modelName: mixtral.name, score: q.scores.mixtral[0] / 10, grader: "judge@1" });
      const [g, m] = [q.scores.gpt4[0], q.scores.mixtral[0]];
      expect(by.pairwise).toMatchObject({ modelName: mixtral.name, grader: "judge-pairwise@1", score: m > g ? 1 : m < g ? 0 : 0.5 });
    }

    // The paired test sees one pair per request; the pairwise verdicts are reported beside it, not in it.
    const paired = await pairedShadowStats(team.id, "humanities", gpt4.name, mixtral.name);
    expect(paired.n).toBe(humanities.length);
    const { evidence } = await buildEvidence(team.id, "humanities", gpt4.name, mixtral.name, await getSwapPolicy());
    expect(evidence.n).toBe(humanities.length);
    const wins = humanities.filter((q) => q.scores.mixtral[0] > q.scores.gpt4[0]).length;
    const losses = humanities.filter((q) => q.scores.mixtral[0] < q.scores.gpt4[0]).length;
    expect(evidence.pairwise).toMatchObject({ n: humanities.length, candidateWins: wins, incumbentWins: losses, ties: humanities.length - wins - losses });
    // Accuracy means leave the verdicts out: the candidate's n is its single ratings only.
    const acc = await getAccuracy(admin, { teamId: team.id, model: mixtral.name });
    expect(acc.rows[0]).toMatchObject({ n: humanities.length });
    expect(acc.rows[0]!.accuracy).toBeCloseTo(humanities.reduce((s, q) => s + q.scores.mixtral[0] / 10, 0) / humanities.length, 4);
  }, 90_000);
});
