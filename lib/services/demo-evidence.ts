import { graderId } from "@/lib/accuracy/graders";
import { prisma } from "@/lib/db/client";
import { createEvaluations } from "@/lib/db/evaluations";
import { findMtBenchQuestion, loadDemoData, modelFamily } from "@/lib/demo-upstream/data";
import { logger } from "@/lib/logger";
import type { Caller } from "@/lib/services/context";
import { importBuiltInSet } from "@/lib/services/eval-sets";

// Demo mode's first start: paired accuracy evidence, so the what-if simulator has something to replay at once.
// The Research team gets the built-in MT-Bench set "run" on GPT-4 and the in-house Mixtral with exactly the scores a
// real run against the demo upstream writes: the recorded GPT-4-as-judge verdict of each model's recorded first-turn
// answer (RouteLLM's MT-Bench data, lib/demo-upstream/data), divided by 10. Nothing is invented; only the wait and
// the eval traffic's request-log rows are skipped (so these pairs carry no token counts).

const SYSTEM: Caller = { actor: { kind: "token", id: null, email: "system", name: null, role: "admin", teamIds: [] } };

/** Completed runs of the built-in MT-Bench set for `models` on a team, scored from the recordings. */
export async function seedRecordedEvalRuns(o: { teamId: string; models: string[] }): Promise<{ evalSetId: string; runIds: string[]; evaluations: number }> {
  const data = loadDemoData();
  const set = await importBuiltInSet(SYSTEM, "routellm-mt-bench");
  const items = await prisma.evalItem.findMany({ where: { evalSetId: set.id }, orderBy: { position: "asc" }, select: { id: true, prompt: true, task: true } });
  const scored = items.flatMap((it) => {
    const q = findMtBenchQuestion(data, it.prompt);
    return q ? [{ it, q }] : [];
  });
  // The demo upstream answers (and judges) by the upstream model id: "Mixtral" in it means the Mixtral recordings.
  const upstream = new Map((await prisma.model.findMany({ where: { name: { in: o.models } }, select: { name: true, upstreamModel: true } })).map((m) => [m.name, m.upstreamModel]));
  return prisma.$transaction(async (tx) => {
    const runIds: string[] = [];
    let evaluations = 0;
    for (const model of o.models) {
      const family = modelFamily(upstream.get(model) ?? model);
      const rows = scored.map(({ it, q }) => ({ it, score: q.scores[family][0] / 10 }));
      const accuracy = rows.length ? rows.reduce((s, r) => s + r.score, 0) / rows.length : null;
      const now = new Date();
      const run = await tx.evalRun.create({
        data: { evalSetId: set.id, modelName: model, status: "completed", total: rows.length, done: rows.length, accuracy, finishedAt: now },
        select: { id: true },
      });
      // The same rows runEval() writes (lib/services/eval-sets.ts), item label and prompt included, minus the request id.
      const created = await createEvaluations(
        rows.map((r) => ({ requestId: null, teamId: o.teamId, task: r.it.task, modelName: model, source: "eval_set" as const, grader: graderId("judge"), score: r.score, evalRunId: run.id, label: `item:${r.it.id}`, prompt: r.it.prompt })),
        tx,
      );
      runIds.push(run.id);
      evaluations += created.count;
    }
    return { evalSetId: set.id, runIds, evaluations };
  });
}

/** The demo's paired evidence (Research: GPT-4 vs Mixtral on MT-Bench). Never throws: the simulator then starts empty. */
export async function seedDemoEvidence(): Promise<void> {
  try {
    const team = await prisma.team.findUnique({ where: { slug: "research" }, select: { id: true } });
    const models = await prisma.model.findMany({ where: { name: { in: ["gpt-4", "mixtral-8x7b"] } }, select: { name: true } });
    if (!team || models.length < 2) return;
    const r = await seedRecordedEvalRuns({ teamId: team.id, models: ["gpt-4", "mixtral-8x7b"] });
    logger.info("demo: seeded recorded MT-Bench eval runs for Research", { evaluations: r.evaluations });
  } catch (err) {
    logger.warn("demo: could not seed the recorded eval runs; the what-if simulator starts empty", { error: (err as Error).message });
  }
}
