// Task classifier for "auto" routing: multinomial logistic regression over the hashed prompt features, trained
// with AdaGrad SGD. It starts from a hand-written seed set (seed-examples.ts) and keeps learning from a team's
// labelled traffic through learn(); toJSON()/fromJSON() carry the weights and the AdaGrad state, so a reloaded
// model resumes learning at the same step sizes.

import { DEFAULT_FEATURE_CONFIG, extractFeatures, featureDim, type FeatureConfig, type SparseFeatures } from "@/lib/router/auto/features";
import { fromSparse, round6, seededRandom, shuffled, toSparse } from "@/lib/router/auto/linear";
import { SEED_EXAMPLES } from "@/lib/router/auto/seed-examples";

export const DEFAULT_TASKS = ["code", "math", "reasoning", "planning", "writing", "extraction", "chat", "other"] as const;

export type LabelledPrompt = { prompt: string; task: string };
export type TaskPrediction = { task: string; confidence: number; probabilities: Record<string, number> };

export type ClassifierOptions = {
  labels?: readonly string[];
  features?: Partial<FeatureConfig>;
  /** L2 penalty applied to the weights an example touches */
  l2?: number;
  learningRate?: number;
};

export type LearnOptions = { epochs?: number; seed?: number };

export type TaskClassifierJSON = {
  kind: "switchyard.task-classifier";
  version: 1;
  labels: string[];
  features: FeatureConfig;
  l2: number;
  learningRate: number;
  bias: number[];
  /** per label: nonzero [indices, values] */
  weights: [number[], number[]][];
  /** AdaGrad accumulators, same layout */
  adagrad: [number[], number[]][];
  biasAdagrad: number[];
  seen: number;
};

// 2^16 text buckets: the seed set plus a team's traffic is thousands of prompts, not millions.
const CLASSIFIER_FEATURES: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, bits: 16 };

export class TaskClassifier {
  readonly labels: string[];
  readonly features: FeatureConfig;
  readonly l2: number;
  readonly learningRate: number;
  private readonly dim: number;
  private weights: Float32Array[];
  private grad2: Float32Array[];
  private bias: number[];
  private biasGrad2: number[];
  /** examples learned so far (for reporting only) */
  seen = 0;

  constructor(options: ClassifierOptions = {}) {
    this.labels = [...(options.labels ?? DEFAULT_TASKS)];
    if (new Set(this.labels).size !== this.labels.length) throw new Error("duplicate labels");
    this.features = { ...CLASSIFIER_FEATURES, ...options.features };
    this.l2 = options.l2 ?? 1e-4;
    this.learningRate = options.learningRate ?? 0.5;
    this.dim = featureDim(this.features);
    this.weights = this.labels.map(() => new Float32Array(this.dim));
    this.grad2 = this.labels.map(() => new Float32Array(this.dim));
    this.bias = this.labels.map(() => 0);
    this.biasGrad2 = this.labels.map(() => 0);
  }

  featurize(prompt: string): SparseFeatures {
    return extractFeatures(prompt, this.features);
  }

  private addLabel(label: string): number {
    this.labels.push(label);
    this.weights.push(new Float32Array(this.dim));
    this.grad2.push(new Float32Array(this.dim));
    // a new label starts below the others so it only wins once it has been learned
    this.bias.push(Math.min(0, ...this.bias) - 1);
    this.biasGrad2.push(0);
    return this.labels.length - 1;
  }

  private logits(f: SparseFeatures, allowed?: readonly number[]): number[] {
    const ids = allowed ?? this.labels.map((_, i) => i);
    return ids.map((l) => {
      const w = this.weights[l]!;
      let s = this.bias[l]!;
      for (let i = 0; i < f.indices.length; i++) s += w[f.indices[i]!]! * f.values[i]!;
      return s;
    });
  }

  /** Class probabilities over `restrictTo` (default every label), softmax of the logits. */
  probabilities(prompt: string | SparseFeatures, restrictTo?: readonly string[]): Record<string, number> {
    const f = typeof prompt === "string" ? this.featurize(prompt) : prompt;
    const ids = restrictTo ? restrictTo.map((t) => this.labels.indexOf(t)).filter((i) => i >= 0) : this.labels.map((_, i) => i);
    const z = this.logits(f, ids);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    const out: Record<string, number> = {};
    ids.forEach((l, k) => (out[this.labels[l]!] = e[k]! / sum));
    return out;
  }

  /**
   * The most likely task. With `restrictTo` (a team's task list) only those labels compete; labels the model
   * has never seen fall back to "chat"/"other"/the first allowed task, like the keyword classifier did.
   */
  predict(prompt: string | SparseFeatures, restrictTo?: readonly string[]): TaskPrediction {
    const probabilities = this.probabilities(prompt, restrictTo);
    let task = "";
    let confidence = -1;
    for (const [t, p] of Object.entries(probabilities)) {
      if (p > confidence) [task, confidence] = [t, p];
    }
    if (!task) {
      const fallback = restrictTo?.includes("chat") ? "chat" : restrictTo?.includes("other") ? "other" : (restrictTo?.[0] ?? "other");
      return { task: fallback, confidence: 0, probabilities };
    }
    return { task, confidence, probabilities };
  }

  /** SGD epochs over `examples` (new labels are added on the fly). Returns this for chaining. */
  learn(examples: readonly LabelledPrompt[], options: LearnOptions = {}): this {
    const epochs = options.epochs ?? 5;
    const random = seededRandom(options.seed ?? 1);
    const items = examples.map((e) => {
      let y = this.labels.indexOf(e.task);
      if (y < 0) y = this.addLabel(e.task);
      return { f: this.featurize(e.prompt), y };
    });
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const { f, y } of shuffled(items, random)) this.step(f, y);
    }
    return this;
  }

  /** One SGD step per example on features computed earlier (e.g. stored instead of the prompt text). */
  learnFeatures(examples: readonly { features: SparseFeatures; task: string }[]): this {
    for (const e of examples) {
      let y = this.labels.indexOf(e.task);
      if (y < 0) y = this.addLabel(e.task);
      this.step(e.features, y);
    }
    return this;
  }

  /** An independent copy (weights and AdaGrad state), e.g. a team's own model starting from the shipped one. */
  clone(): TaskClassifier {
    const c = new TaskClassifier({ labels: this.labels, features: this.features, l2: this.l2, learningRate: this.learningRate });
    c.weights = this.weights.map((w) => w.slice());
    c.grad2 = this.grad2.map((w) => w.slice());
    c.bias = [...this.bias];
    c.biasGrad2 = [...this.biasGrad2];
    c.seen = this.seen;
    return c;
  }

  private step(f: SparseFeatures, y: number): void {
    const z = this.logits(f);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    const eta = this.learningRate;
    for (let l = 0; l < this.labels.length; l++) {
      const err = e[l]! / sum - (l === y ? 1 : 0);
      const w = this.weights[l]!;
      const g2 = this.grad2[l]!;
      for (let i = 0; i < f.indices.length; i++) {
        const j = f.indices[i]!;
        const g = err * f.values[i]! + this.l2 * w[j]!;
        if (g === 0) continue;
        g2[j]! += g * g;
        w[j]! -= (eta * g) / Math.sqrt(g2[j]! + 1e-8);
      }
      this.biasGrad2[l]! += err * err;
      this.bias[l]! -= (eta * err) / Math.sqrt(this.biasGrad2[l]! + 1e-8);
    }
    this.seen++;
  }

  toJSON(): TaskClassifierJSON {
    return {
      kind: "switchyard.task-classifier",
      version: 1,
      labels: [...this.labels],
      features: { ...this.features },
      l2: this.l2,
      learningRate: this.learningRate,
      bias: this.bias.map(round6),
      weights: this.weights.map(toSparse),
      adagrad: this.grad2.map(toSparse),
      biasAdagrad: this.biasGrad2.map(round6),
      seen: this.seen,
    };
  }

  static fromJSON(json: TaskClassifierJSON): TaskClassifier {
    if (json?.kind !== "switchyard.task-classifier" || json.version !== 1) throw new Error("not a switchyard task classifier (v1)");
    const c = new TaskClassifier({ labels: json.labels, features: json.features, l2: json.l2, learningRate: json.learningRate });
    if (json.weights.length !== c.labels.length || json.adagrad.length !== c.labels.length) throw new Error("classifier weights do not match its labels");
    c.weights = json.weights.map((w) => fromSparse(c.dim, w));
    c.grad2 = json.adagrad.map((w) => fromSparse(c.dim, w));
    c.bias = json.labels.map((_, i) => json.bias[i] ?? 0);
    c.biasGrad2 = json.labels.map((_, i) => json.biasAdagrad[i] ?? 0);
    c.seen = json.seen;
    return c;
  }
}

/** Trains a fresh classifier on the shipped seed set (deterministic). */
export function trainSeedClassifier(options: ClassifierOptions & LearnOptions = {}): TaskClassifier {
  return new TaskClassifier(options).learn(SEED_EXAMPLES, { epochs: options.epochs ?? 20, seed: options.seed ?? 1 });
}

let defaultModel: TaskClassifier | undefined;

/** The shipped default model, trained once per process from the seed set (~100 ms) and then shared: callers that
 * want to learn from their own traffic should train their own copy (TaskClassifier.fromJSON(defaultClassifier().toJSON())). */
export function defaultClassifier(): TaskClassifier {
  defaultModel ??= trainSeedClassifier();
  return defaultModel;
}

/** Adapter to RouteDeps.classify (prompt, team tasks) -> task. */
export function classifyWith(classifier: TaskClassifier): (prompt: string, tasks: readonly string[]) => { task: string; confidence: number } {
  return (prompt, tasks) => {
    const { task, confidence } = classifier.predict(prompt, tasks);
    return { task, confidence };
  };
}
