import { parseRating, singleJudgePrompt } from "@/lib/accuracy/judge";
import { graderId } from "@/lib/accuracy/graders";
import { createEvaluations } from "@/lib/db/evaluations";
import type { Protocol } from "@/lib/gateway/protocol";
import type { KeyRuntime, Snapshot, TeamRuntime } from "@/lib/gateway/snapshot";
import { promptText } from "@/lib/gateway/usage";
import { logger } from "@/lib/logger";
import type { CatalogModel } from "@/lib/router/types";

// Shadow evaluation: a configured sample of a team's live traffic for a task is mirrored to a candidate model
// after the client has its answer (never delaying or changing it), both answers are graded by the judge model,
// and the two scores become evidence for swap proposals. Mirrored and judge calls are logged as shadow/eval
// traffic: evaluation cost, not the team's budget. A bounded queue: under pressure, samples are dropped (counted).

const MAX_QUEUE = 500;
const CONCURRENCY = 2;

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

function answerText(response: unknown, protocol: Protocol): string | null {
  if (!response || typeof response !== "object") return null;
  if (protocol === "openai") return (response as { choices?: { message?: { content?: string | null } }[] }).choices?.[0]?.message?.content ?? null;
  const blocks = (response as { content?: { type?: string; text?: string }[] }).content ?? [];
  return blocks.filter((b) => b.type === "text").map((b) => b.text ?? "").join("") || null;
}

/** Called after a live request succeeded: samples it into the shadow queue when a config asks for it. */
export function maybeShadow(
  snapshot: Snapshot,
  team: TeamRuntime,
  key: KeyRuntime,
  task: string,
  served: CatalogModel,
  liveRequestId: string,
  body: Record<string, unknown>,
  protocol: Protocol,
  response: unknown,
): void {
  const configs = snapshot.shadows.get(team.id)?.get(task);
  if (!configs || !snapshot.judgeModel) return;
  const runner = shadowRunner();
  for (const c of configs) {
    const id = snapshot.catalog.byName.get(c.candidateModel.toLowerCase());
    const candidate = id ? snapshot.catalog.byId.get(id) : undefined;
    if (!candidate || !candidate.enabled) continue;
    if (runner.random() >= c.sampleRate) continue;
    // Tool-calling turns cannot be judged from text alone; they are not sampled.
    if (Array.isArray(body.tools) && body.tools.length) continue;
    const liveAnswer = answerText(response, protocol);
    const question = promptText(body, protocol, 20_000);
    if (candidate.id === served.id) {
      // Streamed answers are not kept, so only JSON answers of the candidate are graded here.
      if (liveAnswer !== null) runner.enqueue({ snapshot, team, key, task, incumbent: served, candidate, liveRequestId, question, incumbentAnswer: liveAnswer, mode: "canary" });
      continue;
    }
    runner.enqueue({ snapshot, team, key, task, incumbent: served, candidate, liveRequestId, question, incumbentAnswer: liveAnswer, mode: "mirror" });
  }
}

async function run(job: Job): Promise<void> {
  const { completeInternally } = await import("@/lib/gateway/engine");
  const judgeId = job.snapshot.catalog.byName.get(job.snapshot.judgeModel!.toLowerCase());
  const judge = judgeId ? job.snapshot.catalog.byId.get(judgeId) : undefined;
  if (!judge) return;
  const base = { snapshot: job.snapshot, team: job.team, key: job.key, task: job.task };
  const rate = async (answer: string) => {
    const r = await completeInternally({ ...base, model: judge, messages: [{ role: "user", content: singleJudgePrompt({ question: job.question, answer }) }], kind: "eval", reason: "judge", maxTokens: 512 });
    return r.text === null ? null : parseRating(r.text);
  };
  const grader = graderId("judge");
  if (job.mode === "canary") {
    const score = await rate(job.incumbentAnswer!);
    if (score !== null) {
      await createEvaluations([{ requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.candidate.name, source: "grader", grader, score, label: "canary" }]);
    }
    return;
  }
  const messages = [{ role: "user" as const, content: job.question }];
  const [cand, inc] = await Promise.all([
    completeInternally({ ...base, model: job.candidate, messages, kind: "shadow", reason: `shadow of ${job.liveRequestId}` }),
    job.incumbentAnswer !== null ? Promise.resolve({ text: job.incumbentAnswer, error: null }) : completeInternally({ ...base, model: job.incumbent, messages, kind: "shadow", reason: `shadow of ${job.liveRequestId} (incumbent re-run)` }),
  ]);
  if (cand.text === null || inc.text === null) return;
  const [candScore, incScore] = await Promise.all([rate(cand.text), rate(inc.text)]);
  if (candScore === null || incScore === null) return;
  await createEvaluations([
    { requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.incumbent.name, source: "shadow", grader, score: incScore, label: "incumbent" },
    // Answer text is kept only for teams that opted in to storing bodies (examples of disagreement in proposals).
    { requestId: job.liveRequestId, teamId: job.team.id, task: job.task, modelName: job.candidate.name, source: "shadow", grader, score: candScore, label: "candidate", comment: job.team.storeBodies ? cand.text.slice(0, 2000) : null },
  ]);
}
