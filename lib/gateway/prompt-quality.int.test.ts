import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createEvaluations } from "@/lib/db/evaluations";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { qualityCache } from "@/lib/gateway/quality-cache";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { makeDemoModels, makeTeam } from "@/lib/testing/factories";
import { serveRoutes } from "@/lib/testing/serve";
import { easyMath, hardMath } from "@/lib/testing/math-prompts";

// Per-prompt quality on model "auto": the team's graded math outcomes say the in-house model gets arithmetic right
// and proofs wrong (task mean 0.5), the strong model gets both right. Task-level routing alone would always pick
// the strong model; the team's predictor, trained on those outcomes' prompt features, sends arithmetic in-house and
// keeps proofs on the strong model, and the route reason shows the per-prompt adjustment.

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
let strong: string;
let inHouse: string;
let team: { id: string; key: string };


async function ask(content: string) {
  const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: team.key, maxRetries: 0 });
  const { response } = await client.chat.completions.create({ model: "auto", messages: [{ role: "user", content }] }, { headers: { "x-switchyard-task": "math" } }).withResponse();
  return { model: response.headers.get("x-switchyard-model"), reason: decodeURIComponent(response.headers.get("x-switchyard-route-reason") ?? "") };
}

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  const { gpt4: g, mixtral: m } = await makeDemoModels(upstream.url);
  [strong, inHouse] = [g.name, m.name];
  const t = await makeTeam({ rules: { math: [g.id, m.id] }, defaults: [g.id] });
  team = { id: t.team.id, key: t.key };
  await prisma.routingPolicy.update({ where: { teamId: team.id }, data: { qualityTolerance: 0.1 } });
  const rows = [];
  for (let i = 0; i < 30; i++) {
    for (const [prompt, own] of [[easyMath(i), 1], [hardMath(i), 0]] as const) {
      rows.push({ requestId: null, teamId: team.id, task: "math", modelName: inHouse, source: "eval_set" as const, score: own, prompt });
      rows.push({ requestId: null, teamId: team.id, task: "math", modelName: strong, source: "eval_set" as const, score: 1, prompt });
    }
  }
  await createEvaluations(rows);
  await gatewayConfig().load();
  await qualityCache().load();
  app = await serveRoutes(GATEWAY_ROUTES);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe('model: "auto" with per-prompt quality', () => {
  it("sends arithmetic to the in-house model and a proof to the strong model, on the same task", async () => {
    const sum = await ask("What is 123 + 456?");
    expect(sum.model).toBe(inHouse);
    expect(sum.reason).toMatch(new RegExp(`auto: ${inHouse} p=0\\.\\d\\d within 0\\.1 of ${strong} p=\\d\\.\\d\\d.*\\(per-prompt: ${strong} [-+]0\\.\\d\\d, ${inHouse} \\+0\\.[3-5]\\d\\)`));

    const proof = await ask("Prove that the square root of 3 is irrational.");
    expect(proof.model).toBe(strong);
    expect(proof.reason).toMatch(new RegExp(`auto: ${strong} p=\\d\\.\\d\\d is the best.*\\(per-prompt: .*${inHouse} -0\\.[2-5]\\d\\)`));
  });

  it("keeps outcomes' prompts only as features", async () => {
    const [row] = await prisma.$queryRaw<{ n: number; text: string }[]>`
      SELECT count(*)::int AS n, string_agg(row(q.*)::text, ' ') AS text FROM quality_examples q WHERE team_id = ${team.id}`;
    expect(row!.n).toBe(120);
    expect(row!.text).not.toMatch(/Prove|integral|What is/);
  });
});
