// Per-model answer-quality predictor and the cost policy that uses it.
//
// P(good | prompt, model) = sigmoid(b_m + w_m . x [+ b + w . x]): one logistic regression per candidate model over
// the hashed prompt features (plus named extras such as the task), optionally with a weight vector shared by every
// model that learns how hard a prompt is in general, so a model with few outcomes borrows from the others and a
// model never seen gets the shared estimate. Trained with AdaGrad SGD on outcomes scored in [0, 1] (soft labels
// work: a judge score of 7/10 is 0.7), and updated online one outcome at a time as feedback arrives.

import { DEFAULT_FEATURE_CONFIG, extractFeatures, featureDim, withExtras, type FeatureConfig, type SparseFeatures } from "@/lib/router/auto/features";
import { fromSparse, round6, seededRandom, shuffled, sigmoid, toSparse } from "@/lib/router/auto/linear";

export type QualityOutcome = {
  prompt: string;
  model: string;
  /** 1 = good answer, 0 = bad, anything between for graded feedback */
  score: number;
  task?: string | null;
  extras?: Readonly<Record<string, number>>;
};

export type QualityExample = { features: SparseFeatures; model: string; score: number };

export type QualityOptions = {
  features?: Partial<FeatureConfig>;
  /** add a weight vector shared by all models (difficulty); default true */
  shared?: boolean;
  /** L2 on the per-model weights */
  l2?: number;
  /** L2 on the shared weights */
  l2Shared?: number;
  learningRate?: number;
};

export type QualityTrainOptions = { epochs?: number; seed?: number };

type ModelWeights = { w: Float32Array; g2: Float32Array; b: number; bg2: number; n: number };

type SerializedWeights = { w: [number[], number[]]; g2: [number[], number[]]; b: number; bg2: number; n: number };

export type QualityPredictorJSON = {
  kind: "switchyard.quality-predictor";
  version: 1;
  features: FeatureConfig;
  shared: boolean;
  l2: number;
  l2Shared: number;
  learningRate: number;
  sharedWeights: SerializedWeights | null;
  models: Record<string, SerializedWeights>;
};

export class QualityPredictor {
  readonly features: FeatureConfig;
  readonly shared: boolean;
  readonly l2: number;
  readonly l2Shared: number;
  readonly learningRate: number;
  private readonly dim: number;
  private common: ModelWeights | null;
  private perModel = new Map<string, ModelWeights>();

  constructor(options: QualityOptions = {}) {
    this.features = { ...DEFAULT_FEATURE_CONFIG, ...options.features };
    this.shared = options.shared ?? true;
    this.l2 = options.l2 ?? 1e-4;
    this.l2Shared = options.l2Shared ?? this.l2;
    this.learningRate = options.learningRate ?? 0.05;
    this.dim = featureDim(this.features);
    this.common = this.shared ? this.blank() : null;
  }

  private blank(): ModelWeights {
    return { w: new Float32Array(this.dim), g2: new Float32Array(this.dim), b: 0, bg2: 0, n: 0 };
  }

  /** Models with at least one learned outcome. */
  get models(): string[] {
    return [...this.perModel.keys()];
  }

  /** Outcomes learned for a model (0 = never seen: its prediction is the shared prior, or 0.5). */
  outcomes(model: string): number {
    return this.perModel.get(model)?.n ?? 0;
  }

  featurize(prompt: string, context: { task?: string | null; extras?: Readonly<Record<string, number>> } = {}): SparseFeatures {
    const extras: Record<string, number> = { ...context.extras };
    if (context.task) extras[`task=${context.task}`] = 1;
    return extractFeatures(prompt, this.features, Object.keys(extras).length ? extras : undefined);
  }

  /** Adds named extras to features computed without them (e.g. one extraction, several tasks). */
  withExtras(f: SparseFeatures, extras: Readonly<Record<string, number>>): SparseFeatures {
    return withExtras(f, this.features, extras);
  }

  private logit(f: SparseFeatures, m: ModelWeights | undefined): number {
    let z = 0;
    const parts = this.common ? [this.common, m] : [m];
    for (const p of parts) {
      if (!p) continue;
      z += p.b;
      const w = p.w;
      for (let i = 0; i < f.indices.length; i++) z += w[f.indices[i]!]! * f.values[i]!;
    }
    return z;
  }

  predictFeatures(f: SparseFeatures, model: string): number {
    return sigmoid(this.logit(f, this.perModel.get(model)));
  }

  /** P(good answer) for each model (default: every model seen so far). */
  predict(prompt: string, options: { task?: string | null; extras?: Readonly<Record<string, number>>; models?: readonly string[] } = {}): Record<string, number> {
    const f = this.featurize(prompt, options);
    const out: Record<string, number> = {};
    for (const m of options.models ?? this.models) out[m] = this.predictFeatures(f, m);
    return out;
  }

  /** One AdaGrad step on one outcome. */
  updateFeatures(f: SparseFeatures, model: string, score: number): void {
    if (!(score >= 0 && score <= 1)) throw new RangeError(`quality score must be in [0, 1], got ${score}`);
    let m = this.perModel.get(model);
    if (!m) {
      m = this.blank();
      this.perModel.set(model, m);
    }
    const err = sigmoid(this.logit(f, m)) - score;
    this.stepWeights(m, f, err, this.l2);
    if (this.common) this.stepWeights(this.common, f, err, this.l2Shared);
  }

  private stepWeights(p: ModelWeights, f: SparseFeatures, err: number, l2: number): void {
    const eta = this.learningRate;
    const { w, g2 } = p;
    for (let i = 0; i < f.indices.length; i++) {
      const j = f.indices[i]!;
      const g = err * f.values[i]! + l2 * w[j]!;
      if (g === 0) continue;
      g2[j]! += g * g;
      w[j]! -= (eta * g) / Math.sqrt(g2[j]! + 1e-8);
    }
    p.bg2 += err * err;
    p.b -= (eta * err) / Math.sqrt(p.bg2 + 1e-8);
    p.n++;
  }

  /** Online update from one outcome as it arrives (feedback, eval judge, ...). */
  update(outcome: QualityOutcome): void {
    this.updateFeatures(this.featurize(outcome.prompt, outcome), outcome.model, outcome.score);
  }

  /** SGD epochs over pre-featurized examples, shuffled with a seeded PRNG. */
  learnFeatures(examples: readonly QualityExample[], options: QualityTrainOptions = {}): this {
    const random = seededRandom(options.seed ?? 1);
    const epochs = options.epochs ?? 1;
    for (let e = 0; e < epochs; e++) {
      for (const ex of shuffled(examples, random)) this.updateFeatures(ex.features, ex.model, ex.score);
    }
    return this;
  }

  learn(outcomes: readonly QualityOutcome[], options: QualityTrainOptions = {}): this {
    return this.learnFeatures(
      outcomes.map((o) => ({ features: this.featurize(o.prompt, o), model: o.model, score: o.score })),
      options,
    );
  }

  toJSON(): QualityPredictorJSON {
    const ser = (p: ModelWeights): SerializedWeights => ({ w: toSparse(p.w), g2: toSparse(p.g2), b: round6(p.b), bg2: round6(p.bg2), n: p.n });
    return {
      kind: "switchyard.quality-predictor",
      version: 1,
      features: { ...this.features },
      shared: this.shared,
      l2: this.l2,
      l2Shared: this.l2Shared,
      learningRate: this.learningRate,
      sharedWeights: this.common ? ser(this.common) : null,
      models: Object.fromEntries([...this.perModel].map(([id, p]) => [id, ser(p)])),
    };
  }

  static fromJSON(json: QualityPredictorJSON): QualityPredictor {
    if (json?.kind !== "switchyard.quality-predictor" || json.version !== 1) throw new Error("not a switchyard quality predictor (v1)");
    const q = new QualityPredictor({ features: json.features, shared: json.shared, l2: json.l2, l2Shared: json.l2Shared, learningRate: json.learningRate });
    const de = (s: SerializedWeights): ModelWeights => ({ w: fromSparse(q.dim, s.w), g2: fromSparse(q.dim, s.g2), b: s.b, bg2: s.bg2, n: s.n });
    if (json.shared && json.sharedWeights) q.common = de(json.sharedWeights);
    for (const [id, s] of Object.entries(json.models)) q.perModel.set(id, de(s));
    return q;
  }
}

// ---- policy ----

export type Candidate = { id: string; costPerMTok: number; pGood: number };
export type ModelChoice = { id: string; reason: string };

const p2 = (p: number) => p.toFixed(2);

function ratio(expensive: number, cheap: number): string {
  if (cheap <= 0) return expensive > 0 ? "free" : "same price";
  const r = expensive / cheap;
  if (r < 1.005) return "same price";
  return `${r >= 10 ? Math.round(r) : Number(r.toFixed(1))}x cheaper`;
}

/**
 * The cheapest candidate whose predicted quality is within `tolerance` of the best one. Ties on price go to the
 * higher pGood, then to the earlier candidate (callers list their preferred order). Candidates with an unknown
 * (NaN) quality are treated as 0 so they are only picked when nothing else qualifies.
 */
export function chooseModel(candidates: readonly Candidate[], tolerance: number): ModelChoice {
  if (candidates.length === 0) throw new RangeError("chooseModel needs at least one candidate");
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be >= 0, got ${tolerance}`);
  const q = (c: Candidate) => (Number.isFinite(c.pGood) ? c.pGood : 0);
  let best = candidates[0]!;
  for (const c of candidates) if (q(c) > q(best) || (q(c) === q(best) && c.costPerMTok < best.costPerMTok)) best = c;
  // 1e-9 absorbs float noise: 0.82 - 0.02 must admit 0.80
  const eligible = candidates.filter((c) => q(c) >= q(best) - tolerance - 1e-9);
  let pick = eligible[0]!;
  for (const c of eligible) if (c.costPerMTok < pick.costPerMTok || (c.costPerMTok === pick.costPerMTok && q(c) > q(pick))) pick = c;

  if (pick.id === best.id) {
    const cheaper = candidates.filter((c) => c.costPerMTok < best.costPerMTok).sort((a, b) => q(b) - q(a))[0];
    const why = cheaper ? `; cheaper ${cheaper.id} p=${p2(q(cheaper))} is more than ${tolerance} below` : candidates.length > 1 ? "; it is also the cheapest" : "";
    return { id: pick.id, reason: `auto: ${pick.id} p=${p2(q(pick))} is the best${why}` };
  }
  return {
    id: pick.id,
    reason: `auto: ${pick.id} p=${p2(q(pick))} within ${tolerance} of ${best.id} p=${p2(q(best))}, ${ratio(best.costPerMTok, pick.costPerMTok)}`,
  };
}
