import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { insertTaskExamples } from "@/lib/db/task-examples";
import { TaskClassifiers, taskClassifiers } from "@/lib/gateway/task-classifier";
import { DEFAULT_TASKS } from "@/lib/router/auto/classifier";
import { makeModel, makeProvider, makeTeam } from "@/lib/testing/factories";
import { serveRoutes } from "@/lib/testing/serve";

// A team's own labelled traffic teaches its task classifier: requests that name a task (here a custom "legal"
// task added to the team's taxonomy) become hashed-feature examples in task_examples, every instance learns them,
// and the team's unhinted prompts of that kind are then classified, and routed, as that task. Other teams keep
// the shipped model.

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
let legalModel: string;
let otherModel: string;
let learner: { id: string; key: string };
let bystander: { id: string; key: string };

const TAXONOMY = [...DEFAULT_TASKS, "legal"];
const LABELLED = [
  "Review this NDA clause and tell me whether the non-compete is enforceable.",
  "Is the indemnification clause in our supplier contract one-sided?",
  "Summarise the liability cap in this master services agreement.",
  "Does this contract's termination clause let us exit without penalty?",
  "Check this licence agreement for a governing-law clause.",
  "Flag any unusual clauses in the attached employment contract.",
  "What does the force majeure clause in this lease cover?",
  "Compare the warranty clauses of these two vendor contracts.",
  "Is an NDA without an expiry date enforceable in our jurisdiction?",
  "Rewrite this contract clause so the indemnity is mutual.",
  "Explain the assignment clause of this purchase agreement.",
  "Which party bears liability under clause 7 of this contract?",
];
const UNHINTED = "Please review the confidentiality clause in this NDA contract.";

async function ask(key: string, content: string, task?: string) {
  const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key, maxRetries: 0 });
  const { response } = await client.chat.completions
    .create({ model: "auto", messages: [{ role: "user", content }] }, task ? { headers: { "x-switchyard-task": task } } : {})
    .withResponse();
  return { task: response.headers.get("x-switchyard-task"), model: response.headers.get("x-switchyard-model"), reason: decodeURIComponent(response.headers.get("x-switchyard-route-reason") ?? "") };
}

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  const p = await makeProvider({ baseUrl: `${upstream.url}/v1` });
  const a = await makeModel({ providerId: p.id, upstreamModel: "gpt-4-1106-preview" });
  const b = await makeModel({ providerId: p.id, upstreamModel: "mistralai/Mixtral-8x7B-Instruct-v0.1" });
  [legalModel, otherModel] = [a.name, b.name];
  const t1 = await makeTeam({ tasks: TAXONOMY, rules: { legal: [a.id] }, defaults: [b.id] });
  const t2 = await makeTeam({ tasks: TAXONOMY, rules: { legal: [a.id] }, defaults: [b.id] });
  learner = { id: t1.team.id, key: t1.key };
  bystander = { id: t2.team.id, key: t2.key };
  await gatewayConfig().load();
  app = await serveRoutes(GATEWAY_ROUTES);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe("the task classifier learns from a team's labelled traffic", () => {
  it("starts from the shipped model, which has never seen the team's custom task", async () => {
    const before = await ask(learner.key, UNHINTED);
    expect(before.task).not.toBe("legal");
    expect(before.model).toBe(otherModel);
    expect(before.reason).toMatch(/\(classifier p=0\.\d\d\)/);
  });

  it("learns hinted requests off the response path and classifies the team's unhinted prompts with them", async () => {
    for (let epoch = 0; epoch < 3; epoch++) for (const q of LABELLED) expect((await ask(learner.key, q, "legal")).task).toBe("legal");
    await taskClassifiers().flush();
    await taskClassifiers().ensure(learner.id); // the gateway builds it on the team's next request; this waits for it
    expect(taskClassifiers().learned(learner.id)).toBe(LABELLED.length * 3);

    const after = await ask(learner.key, UNHINTED);
    expect(after.task).toBe("legal");
    expect(after.model).toBe(legalModel);
    expect(after.reason).toMatch(/task "legal" \(classifier p=0\.\d\d\) -> rule "legal"/);

    // another team with the same taxonomy has taught nothing: the shipped model still answers for it
    expect((await ask(bystander.key, UNHINTED)).task).not.toBe("legal");
    expect(taskClassifiers().learned(bystander.id)).toBe(0);
  });

  it("stores features, never the prompt text, and another instance learns the same model from the table", async () => {
    const rows = await prisma.$queryRaw<{ task: string; n: number; text: string }[]>`
      SELECT task, count(*)::int AS n, string_agg(row(t.*)::text, ' ') AS text FROM task_examples t WHERE team_id = ${learner.id} GROUP BY task`;
    expect(rows).toEqual([{ task: "legal", n: LABELLED.length * 3, text: expect.any(String) }]);
    expect(rows[0]!.text).not.toMatch(/NDA|clause|contract/i);

    const fresh = new TaskClassifiers();
    await fresh.ensure(learner.id);
    const mine = taskClassifiers().classifierFor(learner.id)(UNHINTED, TAXONOMY);
    const theirs = fresh.classifierFor(learner.id)(UNHINTED, TAXONOMY);
    expect(theirs.task).toBe("legal");
    expect(theirs.confidence).toBeCloseTo(mine.confidence, 6);
    await fresh.stop();
  });

  it("learns a row that commits after a higher id, and never stores a retried batch twice", async () => {
    const c = taskClassifiers();
    const before = c.learned(learner.id);
    const features = c.base().featurize("Is this arbitration clause binding?");
    const row = (uid: string) => ({ uid, teamId: learner.id, task: "legal", ...features });
    // A later row takes id N+21 and is scanned; then a row with id N+10 commits (another instance's slow insert).
    await prisma.$executeRaw`SELECT setval('task_examples_id_seq', (SELECT max(id) FROM task_examples) + 20)`;
    await insertTaskExamples([row("late-test-a")]);
    await c.refresh();
    expect(c.learned(learner.id)).toBe(before + 1);
    const [late] = await prisma.$queryRaw<{ id: bigint }[]>`SELECT max(id) - 11 AS id FROM task_examples`;
    const id = late!.id;
    await prisma.$executeRaw`INSERT INTO task_examples (id, uid, team_id, task, indices, "values") VALUES (${id}, 'late-test-b', ${learner.id}, 'legal', ${Array.from(features.indices)}, ${Array.from(features.values)}::real[])`;
    await c.refresh();
    expect(c.learned(learner.id)).toBe(before + 2);
    await c.refresh();
    expect(c.learned(learner.id)).toBe(before + 2); // seen once, learned once

    await insertTaskExamples([row("retry-test")]);
    await insertTaskExamples([row("retry-test")]);
    expect(await prisma.taskExample.count({ where: { uid: "retry-test" } })).toBe(1);
  });

  it("ignores hints for tasks outside the team's taxonomy", async () => {
    await ask(bystander.key, "Translate this sentence into German: the clause is void.", "translation");
    await taskClassifiers().flush();
    expect(await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM task_examples WHERE team_id = ${bystander.id}`).toEqual([{ n: 0 }]);
  });
});
