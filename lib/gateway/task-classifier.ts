import crypto from "node:crypto";
import { insertTaskExamples, pruneTaskExamples, taskExampleState, taskExamplesAfter, taskExamplesOfTeam, type NewTaskExample, type TaskExampleRow } from "@/lib/db/task-examples";
import { logger } from "@/lib/logger";
import { defaultClassifier, type TaskClassifier } from "@/lib/router/auto/classifier";
import type { RouteDeps } from "@/lib/router/types";
import { registerShutdownHook } from "@/lib/runtime/shutdown";

// The gateway's task classifier. The shipped model (trained from lib/router/auto/seed-examples.ts at start, about
// 150 ms) answers for every team until the team's own labelled traffic teaches it more. A request that names its
// task (x-switchyard-task or metadata.task, for a task in the team's taxonomy) is a labelled example: it is queued
// in memory, turned into hashed features and written to task_examples off the response path (never as text).
//
// A team's own model is built from its retained examples (the newest 5,000, in id order) when an instance first
// needs it, then kept current by a refresher that scans new rows every few seconds. Built models are capped per
// instance (least recently used evicted, rebuilt on demand). Rows can commit out of id order (two instances
// inserting at once), so each scan re-reads the last LATE_MS of ids and skips the ones already seen: a row is
// missed only if it commits more than LATE_MS after a higher id did.
// Requests only read the models: classifying is one in-memory prediction (tens of microseconds), no I/O.

const FLUSH_MS = 2_000;
const REFRESH_MS = 5_000;
const LATE_MS = 120_000;
const MAX_PENDING = 2_000;
const PAGE = 2_000;
/** team models kept per instance (one is about 0.5 MB per task label: 4 MB for the 8 default tasks) */
const MAX_TEAM_MODELS = 64;

type Pending = { teamId: string; task: string; prompt: string };

const big = (id: string) => BigInt(id);

export class TaskClassifiers {
  /** built team models, least recently used first */
  private teams = new Map<string, TaskClassifier>();
  /** teams with examples in the table (a model can be built for them) */
  private known = new Set<string>();
  /** teams whose model is being built: rows the scan finds meanwhile wait here */
  private building = new Map<string, TaskExampleRow[]>();
  private pending: Pending[] = [];
  /** a batch whose write failed, retried first by the next flush (same uids) */
  private retry: NewTaskExample[] = [];
  private floor: string | null = null; // scans start above this id
  private seen = new Set<string>(); // ids above the floor already handled
  private checkpoints: { at: number; maxId: string }[] = [];
  private timers: NodeJS.Timeout[] = [];
  private refreshing: Promise<void> | null = null;
  private flushing: Promise<void> | null = null;
  /** labelled examples dropped because the queue was full (the database is slow or down) */
  dropped = 0;

  /** The shipped model; trained on first use, so the launcher calls start() before it listens. */
  base(): TaskClassifier {
    return defaultClassifier();
  }

  /** The classifier for a team's unhinted prompts, as RouteDeps.classify. */
  classifierFor(teamId: string): RouteDeps["classify"] {
    this.start();
    let model = this.teams.get(teamId);
    if (model) {
      this.teams.delete(teamId); // most recently used goes last
      this.teams.set(teamId, model);
    } else {
      if (this.known.has(teamId)) void this.build(teamId);
      model = this.base();
    }
    const m = model;
    return (prompt, tasks) => {
      const { task, confidence } = m.predict(prompt, tasks);
      return { task, confidence };
    };
  }

  /** Examples this team's model has learned beyond the shipped set (0 when not built here). */
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

  /** Writes queued examples as features (one batch in flight at a time). A failed batch is retried: the insert is
   * idempotent (per-example uid), so a batch whose insert committed after a timeout is not stored twice. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async write(): Promise<void> {
    const base = this.base();
    const batch = [...this.retry, ...this.pending.splice(0).map((p) => ({ uid: crypto.randomUUID(), teamId: p.teamId, task: p.task, ...base.featurize(p.prompt) }))];
    this.retry = [];
    if (batch.length === 0) return;
    try {
      await insertTaskExamples(batch);
    } catch (err) {
      this.retry = batch.slice(0, MAX_PENDING);
      this.dropped += batch.length - this.retry.length;
      throw err;
    }
    for (const r of batch) this.known.add(r.teamId);
    await pruneTaskExamples([...new Set(batch.map((r) => r.teamId))]).catch((err) => logger.warn("task examples not pruned", { error: (err as Error).message }));
  }

  /** Learns the rows written since the last scan, by any instance, into the team models built here. */
  refresh(): Promise<void> {
    this.refreshing ??= this.scan().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async scan(): Promise<void> {
    if (this.floor === null) {
      const state = await taskExampleState();
      for (const t of state.teams) this.known.add(t);
      this.floor = state.maxId;
    }
    let after = this.floor;
    let maxId = this.floor;
    for (;;) {
      const rows = await taskExamplesAfter(after, PAGE);
      for (const r of rows) {
        after = r.id;
        if (big(r.id) > big(maxId)) maxId = r.id;
        if (this.seen.has(r.id)) continue;
        this.seen.add(r.id);
        this.known.add(r.team_id);
        const backlog = this.building.get(r.team_id);
        if (backlog) backlog.push(r);
        else this.teams.get(r.team_id)?.learnFeatures([toExample(r)]);
      }
      if (rows.length < PAGE) break;
      await new Promise((r) => setImmediate(r)); // let requests in between pages
    }
    // The floor trails the newest id by LATE_MS: later scans re-read that window and skip what they have seen.
    const now = Date.now();
    this.checkpoints.push({ at: now, maxId });
    let floor = this.floor;
    while (this.checkpoints.length && now - this.checkpoints[0]!.at >= LATE_MS) floor = this.checkpoints.shift()!.maxId;
    if (floor !== this.floor) {
      this.floor = floor;
      for (const id of this.seen) if (big(id) <= big(floor)) this.seen.delete(id);
    }
  }

  /** Builds a team's model from its retained examples, then the rows the scans found meanwhile. */
  private async build(teamId: string): Promise<void> {
    if (this.building.has(teamId)) return;
    this.building.set(teamId, []);
    try {
      const rows = await taskExamplesOfTeam(teamId);
      const model = this.base().clone();
      const ids = new Set<string>();
      for (let i = 0; i < rows.length; i += 500) {
        model.learnFeatures(rows.slice(i, i + 500).map(toExample));
        await new Promise((r) => setImmediate(r));
      }
      for (const r of rows) ids.add(r.id);
      model.learnFeatures(this.building.get(teamId)!.filter((r) => !ids.has(r.id)).map(toExample));
      this.teams.set(teamId, model);
      while (this.teams.size > MAX_TEAM_MODELS) this.teams.delete(this.teams.keys().next().value!);
    } catch (err) {
      logger.warn("task classifier: team model not built; the shipped model answers meanwhile", { error: (err as Error).message });
    } finally {
      this.building.delete(teamId);
    }
  }

  /** Builds a team's model now (tests; the gateway builds on first use). */
  async ensure(teamId: string): Promise<void> {
    await this.refresh();
    if (!this.teams.has(teamId) && this.known.has(teamId)) await this.build(teamId);
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

function toExample(r: TaskExampleRow) {
  return { features: { indices: Int32Array.from(r.indices), values: Float32Array.from(r.values) }, task: r.task };
}

const g = globalThis as unknown as { __switchyardTaskClassifiers?: TaskClassifiers };
export function taskClassifiers(): TaskClassifiers {
  if (!g.__switchyardTaskClassifiers) {
    const c = (g.__switchyardTaskClassifiers = new TaskClassifiers());
    registerShutdownHook("task-examples", () => c.stop());
  }
  return g.__switchyardTaskClassifiers;
}
