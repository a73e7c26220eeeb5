// Per-prompt quality for auto-routing: a team's quality predictor, trained on its graded outcomes whose prompt was
// known (stored as hashed features), adjusts the measured task-level quality of each model for the prompt at hand.
//
// The measured mean of a (task, model) stays the anchor, because it is calibrated: it is what graders actually
// said. The predictor contributes only its *deviation* for this prompt from its own average over that (task,
// model)'s training prompts: p = clamp(mean + predict(prompt) - average prediction). A prompt that looks like the
// ones a model failed on lowers that model's estimate; one that looks like its successes raises it.

import { extractFeatures, type FeatureConfig, DEFAULT_FEATURE_CONFIG, type SparseFeatures } from "@/lib/router/auto/features";
import { QualityPredictor } from "@/lib/router/auto/quality";
import type { QualityEstimate } from "@/lib/router/types";

/** 2^16 buckets (256 KB per weight vector): a team's outcomes are thousands, not millions. */
export const PROMPT_QUALITY_FEATURES: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, bits: 16 };

/** Outcomes a (task, model) needs before its per-prompt adjustment is trusted. */
export const MIN_PROMPT_EXAMPLES = 20;

export type QualityExampleInput = { features: SparseFeatures; task: string; model: string; score: number };

export type TeamQualityModel = {
  predictor: QualityPredictor;
  /** `${task}\u0000${model}` -> average prediction over that pair's training prompts, and how many there were */
  baseline: Map<string, { avg: number; n: number }>;
};

const pairKey = (task: string, model: string) => `${task}\u0000${model}`;

/** The gateway routes on the last this-many characters of a conversation (promptText's cap keeps the end, where
 * the question is); outcomes are featurized from the same tail. */
export const PROMPT_FEATURE_CHARS = 2000;

/** Hashed prompt features as stored (no task: it is added as a named feature at training and prediction). */
export function promptFeatures(prompt: string): SparseFeatures {
  return extractFeatures(prompt.length > PROMPT_FEATURE_CHARS ? prompt.slice(prompt.length - PROMPT_FEATURE_CHARS) : prompt, PROMPT_QUALITY_FEATURES);
}

/**
 * Trains a team's predictor from scratch on its examples (deterministic: seeded shuffles). `pause` runs between
 * epochs (the gateway yields to requests there: 2,000 examples take about 90 ms of CPU in all).
 */
export async function trainTeamQuality(
  examples: readonly QualityExampleInput[],
  options: { epochs?: number; seed?: number; pause?: () => Promise<void> } = {},
): Promise<TeamQualityModel> {
  const predictor = new QualityPredictor({ features: PROMPT_QUALITY_FEATURES, learningRate: 0.1 });
  // The same outcomes train the same model whatever order they were written in (concurrent eval runs and shadow
  // jobs insert in a different order each time): a canonical order first, then the seeded shuffles.
  const canonical = examples
    .map((e) => ({ e, key: `${e.model}\u0000${e.task}\u0000${e.score}\u0000${e.features.indices.join(",")}\u0000${e.features.values.join(",")}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.e);
  const withTask = canonical.map((e) => ({
    features: predictor.withExtras(e.features, { [`task=${e.task}`]: 1 }),
    model: e.model,
    score: Math.min(1, Math.max(0, e.score)),
    task: e.task,
  }));
  const epochs = options.epochs ?? 8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    predictor.learnFeatures(withTask, { epochs: 1, seed: (options.seed ?? 1) * 1000 + epoch });
    await options.pause?.();
  }
  const sums = new Map<string, { sum: number; n: number }>();
  for (const e of withTask) {
    const k = pairKey(e.task, e.model);
    const s = sums.get(k) ?? { sum: 0, n: 0 };
    s.sum += predictor.predictFeatures(e.features, e.model);
    s.n++;
    sums.set(k, s);
  }
  return { predictor, baseline: new Map([...sums].map(([k, s]) => [k, { avg: s.sum / s.n, n: s.n }])) };
}

/**
 * The measured estimate adjusted for one prompt (`features` from promptFeatures). Unchanged when the (task,
 * model) has fewer than MIN_PROMPT_EXAMPLES examples with known prompts.
 */
export function adjustForPrompt(measured: QualityEstimate, team: TeamQualityModel, features: SparseFeatures, task: string, model: string): QualityEstimate {
  const base = team.baseline.get(pairKey(task, model));
  if (!base || base.n < MIN_PROMPT_EXAMPLES) return measured;
  const f = team.predictor.withExtras(features, { [`task=${task}`]: 1 });
  const delta = team.predictor.predictFeatures(f, model) - base.avg;
  const p = Math.min(1, Math.max(0, measured.p + delta));
  return { p, n: measured.n, adjust: p - measured.p };
}
