import { gradeDeterministic, MAX_GRADED_CHARS } from "@/lib/accuracy/live-graders";
import { parseRating, singleJudgePrompt } from "@/lib/accuracy/judge";
import { createEvaluations } from "@/lib/db/evaluations";
import type { GraderRuntime } from "@/lib/gateway/grader-index";
import type { Protocol } from "@/lib/gateway/protocol";
import { answerText, enqueueShadow, planShadow, type ShadowPlan } from "@/lib/gateway/shadow";
import type { KeyRuntime, Snapshot, TeamRuntime } from "@/lib/gateway/snapshot";
import type { StreamAdapter } from "@/lib/gateway/streams";
import { promptText } from "@/lib/gateway/usage";
import { PROMPT_FEATURE_CHARS } from "@/lib/router/auto/prompt-quality";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/runtime/shutdown";
import type { CatalogModel } from "@/lib/router/types";

// Live grading: what happens to a live answer after the client has it. Two hooks in the engine:
//  - tapLiveStream(): when a stream starts, decide (sample) which graders and shadow evaluations this request goes
//    to; only then is the streamed text accumulated (bounded), so unsampled streams cost two Map lookups.
//  - afterLiveAnswer(): when a request succeeded, hand the answer (JSON or the accumulated stream text) to the
//    shadow runner and to the grader queue.
// Graders run off the response path in a bounded queue (full: dropped and counted); their scores are evaluations
// (source grader, grader "name@version", label = the configuration's id) and so reach the accuracy API, the
// dashboard and the auto-routing quality table. The answer and the prompt live in memory only until graded: rows
// carry a score and a short detail, and the judge's explanation only for teams that opted in to storing bodies.

const MAX_QUEUE = 1000;
const CONCURRENCY = 2;
const FLUSH_ROWS = 200;
/** A regex/JSON grader that runs past its time limit this often is switched off until its configuration changes. */
const MAX_TIMEOUTS = 3;

/** What the engine's request context offers (structurally: the engine's Ctx has these fields). */
export type LiveCtx = {
  requestId: string;
  snapshot: Snapshot;
  team: TeamRuntime;
  key: KeyRuntime;
  task: string;
  body: Record<string, unknown>;
  protocol: Protocol;
  stream: boolean;
  kind: "live" | "shadow" | "eval";
};

type Plan = { shadows: ShadowPlan[]; graders: GraderRuntime[] };
type NewRow = Parameters<typeof createEvaluations>[0][number];
/** `question`: the prompt's last 20,000 characters (what the judge sees), not the whole body: a queued job holds no more. */
type Job = { snapshot: Snapshot; team: TeamRuntime; key: KeyRuntime; task: string; model: string; requestId: string; question: string; answer: string; graders: GraderRuntime[] };

class GraderRunner {
  private queue: Job[] = [];
  private running = 0;
  private pending: NewRow[] = [];
  private flushing: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private timeouts = new Map<string, number>();
  private stopped = false;
  random: () => number = Math.random;
  /** Counters (cumulative): answers queued, dropped (queue full or shutting down), not graded because longer than
   * MAX_GRADED_CHARS, scores written, grader runs that failed (judge unanswered, time limit, write error). */
  readonly stats = { enqueued: 0, dropped: 0, skipped: 0, written: 0, failed: 0 };

  constructor() {
    registerShutdownHook("live-graders", async (remainingMs) => {
      this.stopped = true;
      this.stats.dropped += this.queue.length;
      this.queue = [];
      await Promise.race([this.idle(), new Promise((r) => setTimeout(r, Math.min(1000, remainingMs / 4)).unref())]);
    });
  }

  enqueue(job: Job) {
    if (this.stopped || this.queue.length >= MAX_QUEUE) {
      this.stats.dropped++;
      return;
    }
    this.stats.enqueued++;
    this.queue.push(job);
    this.pump();
  }

  /** Whether a grader was switched off for running past its time limit too often. */
  tripped(g: GraderRuntime): boolean {
    return (this.timeouts.get(`${g.id}@${g.version}`) ?? 0) >= MAX_TIMEOUTS;
  }

  private timedOut(g: GraderRuntime) {
    const k = `${g.id}@${g.version}`;
    const n = (this.timeouts.get(k) ?? 0) + 1;
    this.timeouts.set(k, n);
    if (n === MAX_TIMEOUTS) logger.warn("grader switched off: it keeps running past its time limit; simplify its pattern or schema", { grader: g.grader, id: g.id });
  }

  private pump() {
    while (this.running < CONCURRENCY && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      // setImmediate: the answer leaves for the client before any grading work starts.
      void new Promise<void>((r) => setImmediate(r))
        .then(() => this.grade(job))
        .catch((err) => {
          this.stats.failed++;
          logger.warn("live grading failed", { error: (err as Error).message });
        })
        .finally(() => {
          this.running--;
          this.pump();
          this.settle();
        });
    }
  }

  private async grade(job: Job): Promise<void> {
    // The prompt (its last 2,000 characters, as routed on) goes along for auto-routing's per-prompt quality:
    // createEvaluations keeps only its hashed features.
    const prompt = job.question.slice(-PROMPT_FEATURE_CHARS);
    const row = (g: GraderRuntime, score: number, comment: string | null): NewRow => ({ requestId: job.requestId, teamId: job.team.id, task: job.task, modelName: job.model, source: "grader", grader: g.grader, score, label: g.id, comment, prompt });
    const judged: Promise<void>[] = [];
    for (const g of job.graders) {
      if (g.compiled.kind === "judge") {
        judged.push(
          this.judge(job).then((r) => {
            if (r === null) this.stats.failed++;
            else this.push(row(g, r.score, job.team.storeBodies ? r.text.slice(0, 1000) : null));
          }),
        );
        continue;
      }
      if (this.tripped(g)) continue;
      const result = gradeDeterministic(g.compiled, job.answer);
      if ("timeout" in result) {
        this.stats.failed++;
        this.timedOut(g);
        continue;
      }
      this.push(row(g, result.score, result.detail));
    }
    await Promise.all(judged);
  }

  /** Reference-free single-answer rating through the judge model, called through the gateway (evaluation cost). */
  private async judge(job: Job): Promise<{ score: number; text: string } | null> {
    const name = job.snapshot.judgeModel;
    const id = name ? job.snapshot.catalog.byName.get(name.toLowerCase()) : undefined;
    const judge = id ? job.snapshot.catalog.byId.get(id) : undefined;
    if (!judge) return null;
    const { completeInternally } = await import("@/lib/gateway/engine");
    const question = job.question;
    const r = await completeInternally({ snapshot: job.snapshot, team: job.team, key: job.key, task: job.task, model: judge, messages: [{ role: "user", content: singleJudgePrompt({ question, answer: job.answer }) }], kind: "eval", reason: `judge (grader of ${job.requestId})`, maxTokens: 512 });
    const score = r.text === null ? null : parseRating(r.text);
    return score === null ? null : { score, text: r.text! };
  }

  private push(r: NewRow) {
    this.pending.push(r);
    if (this.pending.length >= FLUSH_ROWS || !this.flushing) void this.flush();
  }

  /** Writes pending rows in batches (one INSERT for everything graded meanwhile). */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      while (this.pending.length) {
        const batch = this.pending.splice(0, FLUSH_ROWS);
        try {
          await createEvaluations(batch);
          this.stats.written += batch.length;
        } catch (err) {
          this.stats.failed += batch.length;
          logger.warn("live grading: evaluations not written", { rows: batch.length, error: (err as Error).message });
        }
      }
    })().finally(() => {
      this.flushing = null;
      if (this.pending.length) void this.flush(); // rows pushed while the last write was finishing
      else this.settle();
    });
    return this.flushing;
  }

  private settle() {
    if (this.running === 0 && this.queue.length === 0 && this.pending.length === 0 && !this.flushing) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when everything queued is graded and written (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0 && this.pending.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }
}

const g = globalThis as unknown as { __switchyardGraders?: GraderRunner };
export function graderRunner(): GraderRunner {
  g.__switchyardGraders ??= new GraderRunner();
  return g.__switchyardGraders;
}

/** The graders a live answer of this team and task is sampled into (each by its own rate: 0 never, 1 always). */
export function sampleGraders(snapshot: Snapshot, teamId: string, task: string, random: () => number = graderRunner().random): GraderRuntime[] {
  const byTask = snapshot.graders?.get(teamId);
  if (!byTask) return [];
  const out: GraderRuntime[] = [];
  for (const list of [byTask.get(task), byTask.get("*")]) {
    for (const gr of list ?? []) {
      if (gr.kind === "judge" && !snapshot.judgeModel) continue;
      if (random() < gr.sampleRate) out.push(gr);
    }
  }
  return out;
}

function planFor(ctx: LiveCtx, served: CatalogModel): Plan | null {
  const graders = sampleGraders(ctx.snapshot, ctx.team.id, ctx.task);
  const shadows = planShadow(ctx.snapshot, ctx.team.id, ctx.task, served, ctx.body);
  return graders.length || shadows.length ? { shadows, graders } : null;
}

/** Accumulates the text a stream sends the client (in the client's protocol), up to MAX_GRADED_CHARS. */
class TextTap implements StreamAdapter {
  text = "";
  overflow = false;
  constructor(private readonly inner: StreamAdapter, private readonly protocol: Protocol) {}
  get usage() {
    return this.inner.usage;
  }
  get failed() {
    return this.inner.failed;
  }
  get complete() {
    return this.inner.complete;
  }
  get outputChars() {
    return this.inner.outputChars;
  }
  set outputChars(n: number) {
    this.inner.outputChars = n;
  }
  push(ev: Parameters<StreamAdapter["push"]>[0]): string[] {
    const lines = this.inner.push(ev);
    if (!this.overflow) for (const l of lines) this.collect(l);
    return lines;
  }
  end() {
    return this.inner.end();
  }
  abort(message: string) {
    return this.inner.abort(message);
  }
  private collect(sse: string) {
    for (const line of sse.split("\n")) {
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      let piece: string | undefined;
      try {
        const d = JSON.parse(line.slice(6)) as { choices?: { index?: number; delta?: { content?: string | null } }[]; type?: string; delta?: { type?: string; text?: string } };
        // With n > 1, chunks of other choices interleave: the first choice is the answer graded (as for JSON).
        piece = this.protocol === "openai" ? (d.choices?.find((c) => (c.index ?? 0) === 0)?.delta?.content ?? undefined) : d.type === "content_block_delta" && d.delta?.type === "text_delta" ? d.delta.text : undefined;
      } catch {
        continue;
      }
      if (!piece) continue;
      if (this.text.length + piece.length > MAX_GRADED_CHARS) {
        this.overflow = true;
        this.text = "";
        return;
      }
      this.text += piece;
    }
  }
}

const taps = new WeakMap<object, { plan: Plan; tap: TextTap }>();

/** Engine hook, when a live stream starts: the adapter itself, or a wrapper keeping the text when sampled. */
export function tapLiveStream(ctx: LiveCtx, served: CatalogModel, adapter: StreamAdapter): StreamAdapter {
  if (ctx.kind !== "live") return adapter;
  const plan = planFor(ctx, served);
  if (!plan) return adapter;
  const tap = new TextTap(adapter, ctx.protocol);
  taps.set(ctx, { plan, tap });
  return tap;
}

/** Engine hook, after a live request succeeded (its log row is queued): shadow evaluations and graders. */
export function afterLiveAnswer(ctx: LiveCtx, served: CatalogModel, response: unknown): void {
  if (ctx.kind !== "live") return;
  let plan: Plan | null;
  let text: string | null;
  let tooLong = false;
  if (ctx.stream) {
    const t = taps.get(ctx);
    if (!t) return;
    taps.delete(ctx);
    plan = t.plan;
    tooLong = t.tap.overflow;
    text = tooLong ? null : t.tap.text;
  } else {
    plan = planFor(ctx, served);
    if (!plan) return;
    text = answerText(response, ctx.protocol);
    if (text !== null && text.length > MAX_GRADED_CHARS) {
      tooLong = true;
      text = null;
    }
  }
  // what the judge sees for shadows and graders alike: the prompt's last 20,000 characters
  const question = promptText(ctx.body, ctx.protocol, 20_000);
  enqueueShadow(plan.shadows, { snapshot: ctx.snapshot, team: ctx.team, key: ctx.key, task: ctx.task, served, liveRequestId: ctx.requestId, question }, text);
  if (plan.graders.length === 0) return;
  const runner = graderRunner();
  if (tooLong) {
    runner.stats.skipped++;
    return;
  }
  // No text (a tool call) or an empty streamed tool-call turn: nothing a text grader can judge.
  if (text === null || (text === "" && Array.isArray(ctx.body.tools) && ctx.body.tools.length)) return;
  runner.enqueue({ snapshot: ctx.snapshot, team: ctx.team, key: ctx.key, task: ctx.task, model: served.name, requestId: ctx.requestId, question, answer: text, graders: plan.graders });
}
