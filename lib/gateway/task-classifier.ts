import { insertTaskExamples, taskExamplesAfter } from "@/lib/db/task-examples";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/runtime/shutdown";
import { defaultClassifier, type TaskClassifier } from "@/lib/router/auto/classifier";
import type { RouteDeps } from "@/lib/router/types";

// The gateway's task classifier: the shipped model (trained from lib/router/auto/seed-examples.ts at start, about
// 150 ms) answers for every team until the team's own labelled traffic teaches it more. A request that names its
// task (x-switchyard-task or metadata.task, for a task in the team's taxonomy) is a labelled example: it is queued
// in memory, turned into hashed features and written to task_examples off the response path (never as text), and
// every instance's refresher learns the new rows in id order into that team's copy of the model. So all instances
// learn the same examples in the same order, and a restarted instance relearns them from the table.
// Requests only read the models: classifying is one in-memory prediction (tens of microseconds), no I/O.

const FLUSH_MS = 2_000;
const REFRESH_MS = 5_000;
const MAX_PENDING = 2_000;
const PAGE = 2_000;
/** rows this old are committed (see taskExamplesAfter) */
const SETTLED_MS = 5_000;

type Pending = { teamId: string; task: string; prompt: string };

export class TaskClassifiers {
  private teams = new Map<string, TaskClassifier>();
  private pending: Pending[] = [];
  private watermark = "0";
  private timers: NodeJS.Timeout[] = [];
  private refreshing: Promise<void> | null = null;
  /** labelled examples dropped because the queue was full (the database is slow or down) */
  dropped = 0;

  /** The shipped model; trained on first use, so the launcher calls this before it listens. */
  base(): TaskClassifier {
    return defaultClassifier();
  }

  /** The classifier for a team's unhinted prompts, as RouteDeps.classify. */
  classifierFor(teamId: string): RouteDeps["classify"] {
    this.start();
    const model = this.teams.get(teamId) ?? this.base();
    return (prompt, tasks) => {
      const { task, confidence } = model.predict(prompt, tasks);
      return { task, confidence };
    };
  }

  /** Examples this team's model has learned beyond the shipped set. */
  learned(teamId: string): number {
    const m = this.teams.get(teamId);
    return m ? m.seen - this.base().seen : 0;
  }

  /** A request that named its task: remember it as a labelled example (off the response path). */
  observe(teamId: string, tasks: readonly string[], task: string, prompt: string): void {
    if (!prompt || !tasks.includes(task)) return;
    if (this.pending.length >= MAX_PENDING) {
      this.dropped++;
      return;
    }
    this.pending.push({ teamId, task, prompt });
    this.start();
  }

  /** Writes queued examples as features. On failure they go back to the queue (bounded), to be retried. */
  async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const base = this.base();
    const rows = batch.map((p) => ({ teamId: p.teamId, task: p.task, ...base.featurize(p.prompt) }));
    try {
      await insertTaskExamples(rows);
    } catch (err) {
      const room = Math.max(0, MAX_PENDING - this.pending.length);
      this.dropped += Math.max(0, batch.length - room);
      this.pending.unshift(...batch.slice(0, room));
      throw err;
    }
  }

  /** Learns every example written since the last refresh, by any instance, in id order (once SETTLED_MS old). */
  refresh(settledMs = SETTLED_MS): Promise<void> {
    this.refreshing ??= this.load(settledMs).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(settledMs: number): Promise<void> {
    for (;;) {
      const rows = await taskExamplesAfter(this.watermark, PAGE, settledMs);
      for (const r of rows) {
        let model = this.teams.get(r.team_id);
        if (!model) this.teams.set(r.team_id, (model = this.base().clone()));
        model.learnFeatures([{ features: { indices: Int32Array.from(r.indices), values: Float32Array.from(r.values) }, task: r.task }]);
        this.watermark = r.id;
      }
      if (rows.length < PAGE) return;
      await new Promise((r) => setImmediate(r)); // let requests in between pages
    }
  }

  start(): void {
    if (this.timers.length) return;
    this.base();
    const every = (ms: number, fn: () => Promise<void>, what: string) => {
      const t = setInterval(() => void fn().catch((err) => logger.warn(what, { error: (err as Error).message })), ms);
      t.unref();
      this.timers.push(t);
    };
    every(FLUSH_MS, () => this.flush(), "task examples not written yet; will retry");
    every(REFRESH_MS, () => this.refresh(), "task examples refresh failed; will retry");
    void this.refresh().catch(() => {});
  }

  /** Shutdown: write what is queued, stop the timers. */
  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.flush().catch(() => {});
  }
}

const g = globalThis as unknown as { __switchyardTaskClassifiers?: TaskClassifiers };
export function taskClassifiers(): TaskClassifiers {
  if (!g.__switchyardTaskClassifiers) {
    const c = (g.__switchyardTaskClassifiers = new TaskClassifiers());
    registerShutdownHook("task-examples", () => c.stop());
  }
  return g.__switchyardTaskClassifiers;
}
