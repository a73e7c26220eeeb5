import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { loadDemoData } from "@/lib/demo-upstream/data";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { logWriter } from "@/lib/gateway/log-writer";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { shadowRunner } from "@/lib/gateway/shadow";
import { approveSwap, advanceCanaries, generateProposals, getSwapOrThrow } from "@/lib/services/swaps";
import { makeDemoModels, makeTeam, setJudgeModel } from "@/lib/testing/factories";
import { serveRoutes } from "@/lib/testing/serve";

// Swaps end to end on the demo upstream with the real recorded MT-Bench data (GPT-4 as incumbent, Mixtral as the
// in-house candidate, GPT-4 as judge answering with the recorded GPT-4 judgements):
//  (a) humanities, where Mixtral really is as good: proposal -> approval -> canary -> completed, spend drops;
//  (b) coding, where it is much worse: no proposal;
//  (c) a canary whose traffic turns into coding mid-way rolls back by itself.

const data = loadDemoData();
const byCategory = (c: string) => data.mtBench.filter((q) => (q as unknown as { category: string }).category === c).map((q) => q.turns[0]);
const HUMANITIES = byCategory("humanities");
const CODING = byCategory("coding");

let upstream: DemoUpstream;
let hook: http.Server;
let hookUrl: string;
const notified: { type: string; swap: { percent: number } }[] = [];
let app: { url: string; close: () => Promise<void> };
let gpt4: { id: string; name: string };
let mixtral: { id: string; name: string };
const admin = { actor: { kind: "token" as const, id: null, email: "admin-token", name: null, role: "admin" as const, teamIds: [] } };

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  ({ gpt4, mixtral } = await makeDemoModels(upstream.url));
  await setJudgeModel(gpt4.name);
  const policy = { margin: 0.02, minSamples: 60, minSamplesPerStep: 8, canarySteps: [50, 100], cosignAboveUsd: 1e9, maxErrorRate: 0.1 };
  await prisma.setting.upsert({ where: { key: "swaps.policy" }, create: { key: "swaps.policy", value: policy }, update: { value: policy } });
  app = await serveRoutes(GATEWAY_ROUTES);
  hook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      notified.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
});

afterAll(async () => {
  hook?.close();
  await app?.close();
  await upstream?.close();
});

async function teamFor(task: string) {
  const t = await makeTeam({ rules: { [task]: [gpt4.id] }, defaults: [gpt4.id] });
  await prisma.shadowConfig.create({ data: { teamId: t.team.id, task, candidateModel: mixtral.name, sampleRate: 1 } });
  await gatewayConfig().load();
  return t;
}

async function send(key: string, task: string, prompts: string[], n: number) {
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, (_, j) =>
      fetch(`${app.url}/api/route/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-switchyard-task": task },
        body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: prompts[(i + j) % prompts.length] }] }),
      }).then((r) => r.json()),
    );
    await Promise.all(batch);
  }
  await shadowRunner().idle();
  await logWriter().flush();
}

const costPerRequest = async (teamId: string, since: Date) => {
  const r = await prisma.requestLog.aggregate({ where: { teamId, kind: "live", createdAt: { gte: since } }, _avg: { costUsd: true } });
  return Number(r._avg.costUsd ?? 0);
};

describe("swaps on recorded MT-Bench outcomes", () => {
  it("(a) proposes, ramps and completes a swap where the in-house model is as good; spend drops", async () => {
    const { team, key } = await teamFor("humanities");
    await prisma.team.update({ where: { id: team.id }, data: { budgetWebhookUrl: hookUrl } });
    const t0 = new Date();
    await send(key, "humanities", HUMANITIES, 60);
    const proposals = await generateProposals();
    const mine = await prisma.swapProposal.findMany({ where: { teamId: team.id } });
    expect(mine).toHaveLength(1);
    expect(proposals).toContain(mine[0]!.id);
    const p = mine[0]!;
    expect(p).toMatchObject({ task: "humanities", fromModel: gpt4.name, toModel: mixtral.name, status: "proposed" });
    const ev = p.evidence as { decision: string; n: number; incumbent: { accuracy: number }; candidate: { accuracy: number } };
    expect(ev.decision).toBe("non_inferior");
    expect(ev.n).toBe(60);
    expect(ev.incumbent.accuracy).toBeCloseTo(1.0, 2); // recorded GPT-4 judgements: 10/10 on every humanities question
    expect(ev.candidate.accuracy).toBeCloseTo(0.99, 2); // Mixtral: one question rated 9
    expect(Number(p.projectedMonthlySavingsUsd)).toBeGreaterThan(0);
    const costBefore = await costPerRequest(team.id, t0);

    const approved = await approveSwap(admin, p.id);
    expect(approved.status).toBe("canary");
    expect(approved.currentPercent).toBe(50);
    const rule = await prisma.routingRule.findFirstOrThrow({ where: { task: "humanities", policy: { teamId: team.id } }, include: { targets: { orderBy: { position: "asc" }, include: { model: true } } } });
    expect(rule.targets.map((x) => [x.model.name, x.weight])).toEqual([[gpt4.name, 50], [mixtral.name, 50]]);

    for (let round = 0; round < 6; round++) {
      await gatewayConfig().load();
      await send(key, "humanities", HUMANITIES, 30);
      const actions = await advanceCanaries();
      const mineNow = actions.find((a) => a.id === p.id);
      if (mineNow?.action === "completed") break;
    }
    const done = await getSwapOrThrow(admin, p.id);
    expect(done.status).toBe("completed");
    expect(done.events!.map((e) => e.toStatus)).toEqual(["proposed", "canary", "canary", "completed"]);
    const finalRule = await prisma.routingRule.findFirstOrThrow({ where: { task: "humanities", policy: { teamId: team.id } }, include: { targets: { orderBy: { position: "asc" }, include: { model: true } } } });
    expect(finalRule.targets.map((x) => [x.model.name, x.weight])).toEqual([[mixtral.name, 100], [gpt4.name, null]]);

    await gatewayConfig().load();
    const tAfter = new Date();
    await send(key, "humanities", HUMANITIES, 20);
    const costAfter = await costPerRequest(team.id, tAfter);
    console.log(`(a) cost per request: $${costBefore.toFixed(6)} on ${gpt4.name} -> $${costAfter.toFixed(6)} on ${mixtral.name}`);
    expect(costAfter).toBeLessThan(costBefore / 10);
    await advanceCanaries();
    const realized = await getSwapOrThrow(admin, p.id);
    expect(realized.realizedSavingsUsd).toBeGreaterThan(0);
    // Every transition reached the team's alert webhook.
    await expect.poll(() => notified.map((n) => n.type), { timeout: 5000 }).toEqual(["swap.proposed", "swap.canary", "swap.canary", "swap.completed"]);
    expect(notified.map((n) => n.swap.percent)).toEqual([0, 50, 100, 100]);
  }, 120_000);

  it("(b) never proposes a swap where the in-house model is worse", async () => {
    const { team, key } = await teamFor("code");
    await send(key, "code", CODING, 60);
    await generateProposals();
    expect(await prisma.swapProposal.count({ where: { teamId: team.id } })).toBe(0);
  }, 120_000);

  it("(c) rolls a canary back by itself when quality drops mid-way", async () => {
    const { team, key } = await teamFor("humanities");
    await send(key, "humanities", HUMANITIES, 60);
    await generateProposals();
    const p = await prisma.swapProposal.findFirstOrThrow({ where: { teamId: team.id } });
    await approveSwap(admin, p.id);
    await gatewayConfig().load();
    // The team's traffic for the task changes: coding questions, where Mixtral is much weaker.
    let rolledBack = false;
    for (let round = 0; round < 6 && !rolledBack; round++) {
      await send(key, "humanities", CODING, 30);
      rolledBack = (await advanceCanaries()).some((a) => a.id === p.id && a.action === "rolled_back");
    }
    const after = await getSwapOrThrow(admin, p.id);
    expect(after.status).toBe("rolled_back");
    expect(after.decidedReason).toMatch(/automatic rollback at 50%: candidate accuracy/);
    const rule = await prisma.routingRule.findFirstOrThrow({ where: { task: "humanities", policy: { teamId: team.id } }, include: { targets: { include: { model: true } } } });
    expect(rule.targets.map((x) => [x.model.name, x.weight])).toEqual([[gpt4.name, null]]);
  }, 120_000);
});
