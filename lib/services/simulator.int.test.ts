import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/teams/[teamId]/routing-policy/simulate/route";
import { graderId } from "@/lib/accuracy/graders";
import { prisma } from "@/lib/db/client";
import { createEvaluations } from "@/lib/db/evaluations";
import { loadDemoData, mmluReferenceLetter } from "@/lib/demo-upstream/data";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { logWriter } from "@/lib/gateway/log-writer";
import { hashString } from "@/lib/router/auto/features";
import { simulateOutput } from "@/lib/schemas/simulator";
import { seedRecordedEvalRuns } from "@/lib/services/demo-evidence";
import { createEvalSet, getEvalSetOrThrow, startEvalRuns } from "@/lib/services/eval-sets";
import { adminToken, call, makeUser } from "@/lib/testing/api";
import { makeDemoModels, makeModel, makeTeam, uid } from "@/lib/testing/factories";

// The what-if simulator through its API on real Postgres: pairs from real eval runs against the demo upstream
// (the recorded MMLU outcomes), pairs from shadow evaluation rows written as lib/gateway/shadow.ts writes them (with
// hand-computed metrics), the demo's recorded MT-Bench runs, and who may ask.

let upstream: DemoUpstream;
let gpt4: string;
let mixtral: string;
let mini: string;
const admin = { actor: { kind: "token" as const, id: null, email: "admin-token", name: null, role: "admin" as const, teamIds: [] } };
type Handler = Parameters<typeof call>[0];

async function simulate(teamId: string, query: Record<string, string> = {}, as = adminToken()) {
  const qs = new URLSearchParams(query).toString();
  const res = await call(route.GET as Handler, { path: `/api/v1/teams/${teamId}/routing-policy/simulate${qs ? `?${qs}` : ""}`, params: { teamId }, as });
  return res;
}
async function simulated(teamId: string, query: Record<string, string> = {}) {
  const res = await simulate(teamId, query);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return simulateOutput.parse(res.body);
}

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  const demo = await makeDemoModels(upstream.url);
  [gpt4, mixtral] = [demo.gpt4.name, demo.mixtral.name];
  mini = (await makeModel({ providerId: demo.cloud.id, upstreamModel: "gpt-4o-mini", inPrice: 0.15, outPrice: 0.6 })).name;
}, 60_000);
afterAll(() => upstream?.close());

describe("pairs from eval runs of both models", () => {
  it("replays a team's eval set run on GPT-4 and Mixtral: recorded outcomes, predictor, logged-token costs", async () => {
    const gId = (await prisma.model.findUniqueOrThrow({ where: { name: gpt4 } })).id;
    const { team } = await makeTeam({ defaults: [gId] });
    // 45 MMLU questions with real recorded outcomes: both right, only GPT-4 right, neither (15 subjects x 3).
    const samples = loadDemoData().mmlu.samples.filter((s) => s.gpt4 || !s.mixtral).slice(0, 45);
    const content = samples.map((s) => JSON.stringify({ prompt: s.prompt, reference: mmluReferenceLetter(s.prompt), task: "reasoning", grader: "mc-letter" })).join("\n");
    const set = await createEvalSet(admin, { name: uid("mmlu"), teamId: team.id, format: "jsonl", content, defaultTask: "other", defaultGrader: "exact" });
    await startEvalRuns(admin, set.id, { models: [gpt4, mixtral], teamId: team.id });
    for (let i = 0; i < 300; i++) {
      const s = await getEvalSetOrThrow(admin, set.id);
      if (s.runs.every((r) => r.status === "completed")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await logWriter().flush();

    const r = await simulated(team.id, { tolerance: "0.05" });
    expect(r).toMatchObject({ strong: gpt4, weak: mixtral, pairs: 45, sources: { shadow: 0, evalSet: 45 }, enough: true, method: "predictor" });
    expect(r.available).toEqual([{ strong: gpt4, weak: mixtral, pairs: 45 }]);
    expect(r.trainPairs + r.testPairs).toBe(45);
    // The held-out half is the prompts whose hash (seed 0) falls below 0.5; its qualities are the recorded outcomes.
    const test = samples.filter((s) => hashString(s.prompt, 0) / 4294967296 < 0.5);
    expect(r.testPairs).toBe(test.length);
    expect(r.metrics!.strongQuality).toBeCloseTo(test.filter((s) => s.gpt4).length / test.length, 12);
    expect(r.metrics!.weakQuality).toBeCloseTo(test.filter((s) => s.mixtral).length / test.length, 12);
    for (const k of ["apgr", "cpt50", "cpt80", "aiq"] as const) {
      expect(r.metrics![k]).toEqual(expect.any(Number));
      expect(r.random![k]).toEqual(expect.any(Number));
    }
    // Costs: every answer's logged tokens at the current prices, per request.
    const logs = await prisma.requestLog.findMany({ where: { teamId: team.id, kind: "eval" }, select: { modelName: true, inputTokens: true, outputTokens: true } });
    expect(logs).toHaveLength(90);
    expect(r.cost).toMatchObject({ basis: "logged_tokens", unit: "usd_per_request", actual: null, actualRequests: 0 });
    const strongCosts = logs.filter((l) => l.modelName === gpt4).map((l) => (l.inputTokens * 10 + l.outputTokens * 30) / 1e6);
    expect(r.cost!.allStrong).toBeGreaterThanOrEqual(Math.min(...strongCosts));
    expect(r.cost!.allStrong).toBeLessThanOrEqual(Math.max(...strongCosts));
    expect(r.cost!.allWeak).toBeLessThan(r.cost!.allStrong / 10);
    // The curve runs from all-weak to all-strong; the policy point lies within it.
    expect(r.curve[0]).toMatchObject({ strongFraction: 0, quality: r.metrics!.weakQuality, cost: expect.closeTo(r.cost!.allWeak, 12) });
    expect(r.curve.at(-1)).toMatchObject({ strongFraction: 1, quality: expect.closeTo(r.metrics!.strongQuality, 12), cost: expect.closeTo(r.cost!.allStrong, 12) });
    expect(r.policy!.tolerance).toBe(0.05);
    expect(r.policy!.teamTolerance).toBe(0.02);
    expect(r.policy!.cost!).toBeGreaterThanOrEqual(r.cost!.allWeak - 1e-12);
    expect(r.policy!.cost!).toBeLessThanOrEqual(r.cost!.allStrong + 1e-12);
  }, 90_000);
});

describe("pairs from shadow evaluation", () => {
  // The hand-computed fixture of simulator.test.ts, now as logged traffic: each prompt a live request served by GPT-4
  // (body stored), mirrored to Mixtral, both judged. Held out by prompt hash: math 0/2/5 and chat 1/2/3.
  const FIXTURE: [prompt: string, task: string, strong: number, weak: number][] = [
    ["math question 1", "math", 1, 0],
    ["math question 3", "math", 1, 0],
    ["math question 4", "math", 1, 1],
    ["chat question 0", "chat", 1, 1],
    ["chat question 4", "chat", 1, 1],
    ["chat question 9", "chat", 0, 0],
    ["math question 0", "math", 1, 0],
    ["math question 2", "math", 1, 0],
    ["math question 5", "math", 1, 1],
    ["chat question 1", "chat", 1, 0],
    ["chat question 2", "chat", 0, 0],
    ["chat question 3", "chat", 1, 1],
  ];
  let teamId: string;
  let otherTeamId: string;

  beforeAll(async () => {
    const gId = (await prisma.model.findUniqueOrThrow({ where: { name: gpt4 } })).id;
    teamId = (await makeTeam({ defaults: [gId] })).team.id;
    otherTeamId = (await makeTeam({ defaults: [gId] })).team.id;
    await prisma.team.update({ where: { id: teamId }, data: { storeBodies: true } });
    const at = new Date(Date.now() - 3_600_000);
    const judge = graderId("judge");
    for (const [i, [prompt, task, s, w]] of FIXTURE.entries()) {
      const live = `req_${uid("live")}`;
      const base = { teamId, endpoint: "chat.completions", task, status: "success" as const, httpStatus: 200, latencyMs: 100, createdAt: new Date(at.getTime() + i * 1000) };
      await prisma.requestLog.createMany({
        data: [
          // The live answer: 1000 prompt + 500 answer tokens at GPT-4's $10/$30 = $0.025 logged.
          { ...base, id: live, kind: "live", requestedModel: "auto", modelName: gpt4, inputTokens: 1000, outputTokens: 500, costUsd: "0.025", requestBody: { model: "auto", messages: [{ role: "user", content: prompt }] } },
          // The mirror to Mixtral: 1000 + 1000 tokens at $0.24 = $0.00048.
          { ...base, id: `req_${uid("shadow")}`, kind: "shadow", requestedModel: mixtral, modelName: mixtral, inputTokens: 1000, outputTokens: 1000, costUsd: "0.00048", routeReason: `shadow of ${live}` },
        ],
      });
      await createEvaluations([
        { requestId: live, teamId, task, modelName: gpt4, source: "shadow", grader: judge, score: s, label: "incumbent" },
        { requestId: live, teamId, task, modelName: mixtral, source: "shadow", grader: judge, score: w, label: "candidate" },
      ]);
      if (i === 0) {
        // Never a pair: feedback on the live request, a canary judgement, an eval score without its item, another team's row.
        await createEvaluations([
          { requestId: live, teamId, task, modelName: mini, source: "feedback", score: 1 },
          { requestId: live, teamId, task, modelName: mini, source: "grader", grader: judge, score: 1, label: "canary" },
          { requestId: live, teamId, task, modelName: mini, source: "eval_set", grader: judge, score: 1 },
          { requestId: live, teamId: otherTeamId, task, modelName: mini, source: "shadow", grader: judge, score: 1, label: "candidate" },
        ]);
      }
      if (i === 6) {
        // Held out, so any of these would move the measured qualities if they were taken for Mixtral's answer: a
        // pairwise verdict (a share, not a rating) and a canary judgement on the same live request.
        await createEvaluations([
          { requestId: live, teamId, task, modelName: mixtral, source: "shadow", grader: graderId("judge-pairwise"), score: 1, label: "pairwise" },
          { requestId: live, teamId, task, modelName: mixtral, source: "grader", grader: judge, score: 1, label: "canary" },
        ]);
      }
      if (i === 1) {
        // A second candidate mirrored on the same request makes three models on one prompt.
        await createEvaluations([{ requestId: live, teamId, task, modelName: mini, source: "shadow", grader: judge, score: 1, label: "candidate" }]);
      }
    }
  });

  it("pairs incumbent and candidate by live request, and reproduces the hand-computed metrics", async () => {
    const r = await simulated(teamId);
    // Most pairs first; the dearer model of each pair is its strong one (Mini's blended $0.375 is above Mixtral's $0.24).
    expect(r.available[0]).toEqual({ strong: gpt4, weak: mixtral, pairs: 12 });
    expect(r.available.slice(1)).toHaveLength(2);
    expect(r.available.slice(1)).toEqual(expect.arrayContaining([{ strong: gpt4, weak: mini, pairs: 1 }, { strong: mini, weak: mixtral, pairs: 1 }]));
    expect(r.models.map((m) => m.name).sort()).toEqual([gpt4, mini, mixtral].sort());
    expect(r.tasks).toEqual([
      { task: "chat", pairs: 6 },
      { task: "math", pairs: 6 },
    ]);
    // Default: the most expensive (GPT-4, blended $20) against the cheapest (Mixtral, $0.24) with pairs.
    expect(r).toMatchObject({ strong: gpt4, weak: mixtral, pairs: 12, trainPairs: 6, testPairs: 6, sources: { shadow: 12, evalSet: 0 }, enough: true, method: "task-prior" });
    expect(r.metrics).toMatchObject({ n: 6, strongQuality: expect.closeTo(5 / 6, 12), weakQuality: expect.closeTo(1 / 3, 12) });
    // Worked out in simulator.test.ts: APGR 7/12, CPT(50%) 0.375, CPT(80%) 0.7, AIQ 0.625.
    expect(r.metrics!.apgr).toBeCloseTo(7 / 12, 12);
    expect(r.metrics!.cpt50).toBeCloseTo(0.375, 12);
    expect(r.metrics!.cpt80).toBeCloseTo(0.7, 12);
    expect(r.metrics!.aiq).toBeCloseTo(0.625, 12);
    // Costs from the logged tokens: GPT-4 $0.025, Mixtral (1000 + 1000) * 0.24 / 1e6 = $0.00048 per request; the team
    // actually paid $0.025 per live request.
    expect(r.cost).toMatchObject({ basis: "logged_tokens", unit: "usd_per_request", actualRequests: 6 });
    expect(r.cost!.allStrong).toBeCloseTo(0.025, 12);
    expect(r.cost!.allWeak).toBeCloseTo(0.00048, 12);
    expect(r.cost!.actual).toBeCloseTo(0.025, 12);
    // The team's tolerance (0.02): chat goes to Mixtral (same predicted quality), math stays on GPT-4.
    expect(r.policy).toMatchObject({ tolerance: 0.02, weakShare: 0.5, quality: expect.closeTo(2 / 3, 12), cost: expect.closeTo((0.025 + 0.00048) / 2, 12) });
    expect(r.curve.map((p) => p.strongFraction)).toEqual([0, 0.5, 1]);
  });

  it("filters by task and date, and says when there is nothing to replay", async () => {
    const math = await simulated(teamId, { task: "math" });
    expect(math).toMatchObject({ task: "math", pairs: 6, enough: false, metrics: null, curve: [], policy: null });
    expect(math.tasks.map((t) => t.task)).toEqual(["chat", "math"]); // the choices stay whatever task is chosen
    expect(math.notes[0]).toMatch(/at least 10/);
    const future = await simulated(teamId, { from: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future).toMatchObject({ pairs: 0, strong: null, weak: null, enough: false, available: [] });
    expect(future.notes[0]).toMatch(/needs shadow evidence or an eval run with both models/);
    const chosen = await simulated(teamId, { strong: gpt4, weak: mini });
    expect(chosen).toMatchObject({ strong: gpt4, weak: mini, pairs: 1, enough: false });
  });

  it("refuses bad parameters", async () => {
    expect((await simulate(teamId, { tolerance: "0.5" })).status).toBe(400);
    expect((await simulate(teamId, { strong: gpt4, weak: gpt4 })).status).toBe(422);
    expect((await simulate(teamId, { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" })).status).toBe(422);
    expect((await simulate(`missing-${uid()}`)).status).toBe(404);
  });

  it("is readable by whoever may read the team's accuracy, and by no one else", async () => {
    const own = await makeUser("viewer", [{ teamId }]);
    const other = await makeUser("viewer", [{ teamId: otherTeamId }]);
    const lead = await makeUser("team_lead", [{ teamId: otherTeamId }]);
    const finance = await makeUser("finance");
    expect((await simulate(teamId, {}, own.as)).status).toBe(200);
    expect((await simulate(teamId, {}, finance.as)).status).toBe(200);
    const refused = await simulate(teamId, {}, other.as);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect(JSON.stringify(refused.body)).not.toContain(gpt4);
    expect((await simulate(teamId, {}, lead.as)).status).toBe(403);
    expect((await simulate(teamId, {}, null)).status).toBe(401);
  });
});

describe("the demo's recorded MT-Bench runs", () => {
  it("pair GPT-4 and Mixtral on all 80 questions with the recorded judge scores", async () => {
    const gId = (await prisma.model.findUniqueOrThrow({ where: { name: gpt4 } })).id;
    const { team } = await makeTeam({ defaults: [gId] });
    const seeded = await seedRecordedEvalRuns({ teamId: team.id, models: [gpt4, mixtral] });
    expect(seeded.evaluations).toBe(160);
    const r = await simulated(team.id);
    expect(r).toMatchObject({ strong: gpt4, weak: mixtral, pairs: 80, sources: { evalSet: 80, shadow: 0 }, method: "predictor", enough: true });
    // The held-out questions' recorded first-turn judge scores, out of 10.
    const test = loadDemoData().mtBench.filter((q) => hashString(q.turns[0], 0) / 4294967296 < 0.5);
    expect(r.testPairs).toBe(test.length);
    expect(r.metrics!.strongQuality).toBeCloseTo(test.reduce((s, q) => s + q.scores.gpt4[0], 0) / test.length / 10, 12);
    expect(r.metrics!.weakQuality).toBeCloseTo(test.reduce((s, q) => s + q.scores.mixtral[0], 0) / test.length / 10, 12);
    // No request logs behind seeded runs: costs use blended prices per MTok ($20 and $0.24).
    expect(r.cost).toMatchObject({ basis: "blended_price", unit: "usd_per_mtok", allStrong: expect.closeTo(20, 9), allWeak: expect.closeTo(0.24, 9) });
    // A wider tolerance never sends less to the cheaper model.
    const shares = await Promise.all(["0", "0.05", "0.2"].map(async (tolerance) => (await simulated(team.id, { tolerance })).policy!.weakShare));
    expect(shares[0]).toBeLessThanOrEqual(shares[1]!);
    expect(shares[1]).toBeLessThanOrEqual(shares[2]!);
    expect(shares[2]).toBeGreaterThan(shares[0]!);
  }, 60_000);
});
