import { combinePairwise, pairwiseJudgePrompt, parsePairwise, parseRating, singleJudgePrompt } from "@/lib/accuracy/judge";
import { graderId } from "@/lib/accuracy/graders";
import { createEvaluations } from "@/lib/db/evaluations";
import type { Protocol } from "@/lib/gateway/protocol";
import type { KeyRuntime, Snapshot, TeamRuntime } from "@/lib/gateway/snapshot";
import { logger } from "@/lib/logger";
import type { CatalogModel } from "@/lib/router/types";

// Shadow evaluation: a configured sample of a team's live traffic for a task is mirrored to a candidate model
// after the client has its answer (never delaying or changing it), both answers are graded by the judge model,
// and the two scores become evidence for swap proposals. Mirrored and judge calls are logged as shadow/eval
// traffic: evaluation cost, not the team's budget. A bounded queue: under pressure, samples are dropped (counted).
// Streamed answers take part too: lib/gateway/live-grading.ts samples before the stream starts and hands over the
// streamed text when it completed.
//
// With `pairwise` on a configuration, the judge also compares the two answers directly (both orders, MT-Bench's
// rule against position bias). That verdict is stored as one extra evaluation of the candidate (label "pairwise",
// grader judge-pairwise@1): shown beside the paired evidence, never part of the paired non-inferiority test
// (which joins the "incumbent"/"candidate" single ratings only), and left out of accuracy means (lib/db/accuracy).

const MAX_QUEUE = 500;
const CONCURRENCY = 2;
export const PAIRWISE_LABEL = "pairwise";

type Job = {
  snapshot: Snapshot;
  team: TeamRuntime;
  key: KeyRuntime;
  task: string;
  incumbent: CatalogModel;
  candidate: CatalogModel;
  liveRequestId: string;
  question: string;
  incumbentAnswer: string | null;
  /** "canary": the candidate itself served this live request (a canary or a completed swap): judge its answer. */
  mode: "mirror" | "canary";
  pairwise: boolean;
};

class ShadowRunner {
  private queue: Job[] = [];
  private running = 0;
  dropped = 0;
  done = 0;
  private idleWaiters: (() => void)[] = [];
  random: () => number = Math.random;

  enqueue(job: Job) {
    if (this.queue.length >= MAX_QUEUE) {
      this.dropped++;
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private pump() {
    while (this.running < CONCURRENCY && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      void run(job)
        .catch((err) => logger.warn("shadow evaluation failed", { error: (err as Error).message }))
        .finally(() => {
          this.running--;
          this.done++;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  /** Resolves when every queued shadow job has finished (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }
}

const g = globalThis as unknown as { __switchyardShadow?: ShadowRunner };
export function shadowRunner(): ShadowRunner {
  g.__switchyardShadow ??= new ShadowRunner();
  return g.__switchyardShadow;
}

/** The text of a JSON (non-streamed) answer in the client's protocol, or null (tool calls, no text). */
export function answerText(response: unknown, protocol: Protocol): string | null {
  if (!response || typeof response !== "object") return null;
  if (protocol === "openai") return (response as { choices?: { message?: { content?: string | null } }[] }).choices?.[0]?.message?.content ?? null;
  const blocks = (response as { content?: { type?: string; text?: string }[] }).content ?? [];
  return blocks.filter((b) => b.type === "text").map((b) => b.text ?? "").join("") || null;
}

export type ShadowPlan = { candidate: CatalogModel; mode: "mirror" | "canary"; pairwise: boolean };

/** Which shadow evaluations this live request is sampled into (decided before its answer exists, so a streamed
 * answer can be kept for them). Empty when none: the common case costs two Map lookups. */
export function planShadow(snapshot: Snapshot, teamId: string, task: string, served: CatalogModel, body: Record<string, unknown>): ShadowPlan[] {
  const configs = snapshot.shadows.get(teamId)?.get(task);
  if (!configs || !snapshot.judgeModel) return [];
  const runner = shadowRunner();
  const plans: ShadowPlan[] = [];
  for (const c of configs) {
    const id = snapshot.catalog.byName.get(c.candidateModel.toLowerCase());
    const candidate = id ? snapshot.catalog.byId.get(id) : undefined;
    if (!candidate || !candidate.enabled) continue;
    if (runner.random() >= c.sampleRate) continue;
    // Tool-calling turns cannot be judged from text alone; they are not sampled.
    if (Array.isArray(body.tools) && body.tools.length) continue;
    plans.push({ candidate, mode: candidate.id === served.id ? "canary" : "mirror", pairwise: c.pairwise ?? false });
  }
  return plans;
}

/** Queues the sampled evaluations of a live request that succeeded. `question`: the prompt as the judge sees it;
 * `liveAnswer`: the answer's text (JSON or streamed), or null when there is none (then a mirror re-runs the
 * incumbent, and a canary answer cannot be graded). */
export function enqueueShadow(
  plans: readonly ShadowPlan[],
  o: { snapshot: Snapshot; team: TeamRuntime; key: KeyRuntime; task: string; served: CatalogModel; liveRequestId: string; question: string },
  liveAnswer: string | null,
): void {
  if (plans.length === 0) return;
  const runner = shadowRunner();
  for (const p of plans) {
    if (p.mode === "canary" && liveAnswer === null) continue;
    runner.enqueue({ snapshot: o.snapshot, team: o.team, key: o.key, task: o.task, incumbent: o.served, candidate: p.candidate, liveRequestId: o.liveRequestId, question: o.question, incumbentAnswer: liveAnswer, mode: p.mode, pairwise: p.pairwise });
  }
}

async function run(job: Job): Promise<void> {
  const { completeInternally } = await import("@/lib/gateway/engine");
  const judgeId = job.snapshot.catalog.byName.get(job.snapshot.judgeModel!.toLowerCase());
  const judge = judgeId ? job.snapshot.catalog.byId.get(judgeId) : undefined;
  if (!judge) return;
  const base = { snapshot: job.snapshot, team: job.team, key: job.key, task: job.task };
  const ask = async (content: string) => {
    const r = await completeInternally({ ...base, model: judge, messages: [{ role: "user", content }], kind: "eval", reason: "judge", maxTokens: 512 });
    return r.text;
  };
  const rate = async (answer: string) => {
    const text = await ask(singleJudgePrompt({ question: job.question, answer }));
    return text === null ? null : parseRating(text);
  };
  const grader = graderId("judge");
  if (job.mode === "canary") {
    const score = await rate(job.incumbentAnswer!);
    if (score !== null) {
      await createEvaluations([{ requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.candidate.name, source: "grader", grader, score, label: "canary", prompt: job.question }]);
    }
    return;
  }
  const messages = [{ role: "user" as const, content: job.question }];
  const [cand, inc] = await Promise.all([
    completeInternally({ ...base, model: job.candidate, messages, kind: "shadow", reason: `shadow of ${job.liveRequestId}` }),
    job.incumbentAnswer !== null ? Promise.resolve({ text: job.incumbentAnswer, error: null }) : completeInternally({ ...base, model: job.incumbent, messages, kind: "shadow", reason: `shadow of ${job.liveRequestId} (incumbent re-run)` }),
  ]);
  if (cand.text === null || inc.text === null) return;
  const candText = cand.text;
  const incText = inc.text;
  const [candScore, incScore, candShare] = await Promise.all([
    rate(candText),
    rate(incText),
    job.pairwise ? judgePair(ask, job.question, candText, incText) : Promise.resolve(null),
  ]);
  if (candScore === null || incScore === null) return;
  await createEvaluations([
    { requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.incumbent.name, source: "shadow", grader, score: incScore, label: "incumbent", prompt: job.question },
    // Answer text is kept only for teams that opted in to storing bodies (examples of disagreement in proposals).
    { requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.candidate.name, source: "shadow", grader, score: candScore, label: "candidate", comment: job.team.storeBodies ? candText.slice(0, 2000) : null, prompt: job.question },
    ...(candShare === null
      ? []
      : [{ requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.candidate.name, source: "shadow" as const, grader: graderId("judge-pairwise"), score: candShare, label: PAIRWISE_LABEL, comment: `vs ${job.incumbent.name}` }]),
  ]);
}

/** The candidate's share of one pairwise comparison (1 better, 0.5 tie, 0 worse), judged in both orders. */
async function judgePair(ask: (content: string) => Promise<string | null>, question: string, candidate: string, incumbent: string): Promise<number | null> {
  const [first, second] = await Promise.all([
    ask(pairwiseJudgePrompt({ question, answerA: candidate, answerB: incumbent })),
    ask(pairwiseJudgePrompt({ question, answerA: incumbent, answerB: candidate })),
  ]);
  return combinePairwise(first === null ? null : parsePairwise(first), second === null ? null : parsePairwise(second));
}
