import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { qualityCache } from "@/lib/gateway/quality-cache";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { getEvalSetOrThrow, importBuiltInSet, startEvalRuns } from "@/lib/services/eval-sets";
import { makeDemoModels, makeTeam, setJudgeModel } from "@/lib/testing/factories";
import { serveRoutes } from "@/lib/testing/serve";

// model: "auto" on evidence: the team's eval runs of the recorded MT-Bench data (GPT-4 vs Mixtral, judged with
// the recorded GPT-4 verdicts) measure each model per task; an easy writing request then goes to the in-house
// model (as good, 100x cheaper) and a hard math question to GPT-4 (Mixtral is 7 points worse there).

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
let gpt4: string;
let mixtral: string;
let key: string;
const admin = { actor: { kind: "token" as const, id: null, email: "admin-token", name: null, role: "admin" as const, teamIds: [] } };

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  const { gpt4: g, mixtral: m } = await makeDemoModels(upstream.url);
  [gpt4, mixtral] = [g.name, m.name];
  await setJudgeModel(gpt4);
  const t = await makeTeam({ rules: { writing: [g.id, m.id], math: [g.id, m.id] }, defaults: [g.id, m.id] });
  key = t.key;
  await gatewayConfig().load();
  const set = await importBuiltInSet(admin, "routellm-mt-bench");
  // Each task has 10 questions; run the set twice so every (task, model) has the 20 outcomes auto-routing needs.
  for (let i = 0; i < 2; i++) {
    const started = await startEvalRuns(admin, set.id, { models: [gpt4, mixtral], teamId: t.team.id });
    const mine = started.runs.slice(0, 2).map((r) => r.id);
    for (let k = 0; k < 300; k++) {
      const s = await getEvalSetOrThrow(admin, set.id);
      if (s.runs.filter((r) => mine.includes(r.id)).every((r) => r.status === "completed")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await qualityCache().load();
  app = await serveRoutes(GATEWAY_ROUTES);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe('model: "auto" routes by measured quality and price', () => {
  it("sends an easy writing request to the in-house model and a hard math question to GPT-4", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const writing = await client.chat.completions
      .create({ model: "auto", messages: [{ role: "user", content: "Write a short, friendly email inviting the team to a picnic." }] })
      .withResponse();
    expect(writing.response.headers.get("x-switchyard-task")).toBe("writing");
    expect(writing.response.headers.get("x-switchyard-model")).toBe(mixtral);
    expect(decodeURIComponent(writing.response.headers.get("x-switchyard-route-reason")!)).toMatch(
      // task means 0.97 vs 0.98, adjusted for this prompt by the predictor trained on the eval runs' prompts
      new RegExp(`auto: ${mixtral} p=0\\.9\\d within 0\\.02 of ${gpt4} p=0\\.9\\d, \\d+x cheaper \\(per-prompt: ${gpt4} [-+]0\\.0\\d, ${mixtral} [-+]0\\.0\\d\\)`),
    );

    const math = await client.chat.completions
      .create({ model: "auto", messages: [{ role: "user", content: "Solve the equation x^2 - 5x + 6 = 0 and prove your roots are correct." }] })
      .withResponse();
    expect(math.response.headers.get("x-switchyard-task")).toBe("math");
    expect(math.response.headers.get("x-switchyard-model")).toBe(gpt4);
    expect(decodeURIComponent(math.response.headers.get("x-switchyard-route-reason")!)).toMatch(new RegExp(`auto: ${gpt4} p=0\\.\\d\\d is the best.*\\(per-prompt: ${gpt4} [-+]0\\.\\d\\d, ${mixtral} [-+]0\\.\\d\\d\\)`));
  });
});
