import { qualityByTeamTaskModel } from "@/lib/db/accuracy";
import { pruneQualityExamples, qualityExampleHeads, qualityExamplesForTeam } from "@/lib/db/quality-examples";
import type { Snapshot } from "@/lib/gateway/snapshot";
import { priceAt } from "@/lib/gateway/snapshot";
import type { SparseFeatures } from "@/lib/router/auto/features";
import { adjustForPrompt, promptFeatures, trainTeamQuality, type TeamQualityModel } from "@/lib/router/auto/prompt-quality";
import type { QualityEstimate, RouteDeps } from "@/lib/router/types";

// Measured quality per team x task x model (mean graded score, last 30 days: shadow judgements, eval sets,
// feedback, graders), refreshed in the background every REFRESH_MS, plus each team's per-prompt quality predictor
// (lib/router/auto/prompt-quality.ts), retrained in the background when the team has new outcomes with known
// prompts. Requests only read: auto-routing never waits on the database. Until the first load, or without
// evidence, the routing rule's order stands.

const REFRESH_MS = 30_000;
/** newest outcomes a team's predictor trains on */
const MAX_TRAINING_EXAMPLES = 2_000;
/** a team's predictor is retrained at most this often (a busy team has new outcomes every refresh) */
const RETRAIN_MS = 120_000;
/** predictors kept (the teams with the most recent outcomes; about 0.5 MB per model a team's outcomes cover) */
const MAX_PREDICTORS = 100;
type Table = Map<string, Map<string, Map<string, QualityEstimate>>>; // team -> task -> model name -> estimate

class QualityCache {
  private table: Table = new Map();
  private predictors = new Map<string, { head: string; trainedAt: number; model: TeamQualityModel }>();
  private timer: NodeJS.Timeout | null = null;
  private prunedAt = 0;
  private loading: Promise<void> | null = null;

  /** Per-prompt predictors: retrains the teams whose examples moved since their last training (at most every
   * RETRAIN_MS), for the MAX_PREDICTORS teams with the newest outcomes. */
  private async loadPredictors(): Promise<void> {
    if (Date.now() - this.prunedAt > 3_600_000) {
      this.prunedAt = Date.now();
      await pruneQualityExamples();
    }
    const heads = (await qualityExampleHeads()).slice(0, MAX_PREDICTORS); // newest outcomes first
    const live = new Set(heads.map((h) => h.team_id));
    for (const team of this.predictors.keys()) if (!live.has(team)) this.predictors.delete(team);
    for (const { team_id, max_id, n } of heads) {
      const head = `${max_id}:${n}`;
      const current = this.predictors.get(team_id);
      if (current && (current.head === head || Date.now() - current.trainedAt < RETRAIN_MS)) continue;
      const rows = await qualityExamplesForTeam(team_id, MAX_TRAINING_EXAMPLES);
      const examples = rows.map((r) => ({ features: { indices: Int32Array.from(r.indices), values: Float32Array.from(r.values) }, task: r.task, model: r.model_name, score: r.score }));
      const model = await trainTeamQuality(examples, { pause: () => new Promise((r) => setImmediate(r)) });
      this.predictors.set(team_id, { head, trainedAt: Date.now(), model });
    }
  }

  /** Reloads the measured means and retrains predictors that are due; concurrent callers share one load. */
  load(): Promise<void> {
    this.loading ??= this.reload().finally(() => (this.loading = null));
    return this.loading;
  }

  private async reload(): Promise<void> {
    await this.loadPredictors();
    const rows = await qualityByTeamTaskModel();
    const t: Table = new Map();
    for (const r of rows) {
      const byTask = t.get(r.team_id) ?? new Map<string, Map<string, QualityEstimate>>();
      const byModel = byTask.get(r.task) ?? new Map<string, QualityEstimate>();
      byModel.set(r.model_name, { p: r.mean, n: r.n });
      byTask.set(r.task, byModel);
      t.set(r.team_id, byTask);
    }
    this.table = t;
  }

  start(): void {
    if (this.timer) return;
    void this.load().catch(() => {});
    this.timer = setInterval(() => void this.load().catch(() => {}), REFRESH_MS);
    this.timer.unref();
  }

  /**
   * The auto-routing deps for one team: quality by model id (the measured mean, adjusted for this prompt when the
   * team's predictor knows the task and model), blended price (input + output) / 2 per MTok.
   */
  depsFor(snapshot: Snapshot, teamId: string, atMs: number, prompt: string): Pick<RouteDeps, "quality" | "pricePerMTok"> {
    this.start();
    const byTask = this.table.get(teamId);
    const predictor = this.predictors.get(teamId)?.model;
    let features: SparseFeatures | undefined; // extracted once, on the first model that needs it
    return {
      quality: (task, modelId) => {
        const name = snapshot.catalog.byId.get(modelId)?.name;
        const measured = name ? byTask?.get(task)?.get(name) : undefined;
        if (!measured || !predictor) return measured;
        features ??= promptFeatures(prompt);
        return adjustForPrompt(measured, predictor, features, task, name!);
      },
      pricePerMTok: (modelId) => {
        const p = priceAt(snapshot.prices.get(modelId), atMs);
        return p ? (p.inMicro + p.outMicro) / 2 / 1e6 : Infinity;
      },
    };
  }
}

const g = globalThis as unknown as { __switchyardQuality?: QualityCache };
export function qualityCache(): QualityCache {
  g.__switchyardQuality ??= new QualityCache();
  return g.__switchyardQuality;
}
