// The core of `npm run router:eval`, pure so tests can run it: outcome tables (CSV of prompt + one outcome column
// per model, or MT-Bench judgements), a deterministic prompt-hash split, training the quality predictor on the train
// part only (hyper-parameters chosen on a validation slice of train), and RouteLLM/RouterBench metrics on the test part.

import { defaultClassifier, type TaskClassifier } from "@/lib/router/auto/classifier";
import { DEFAULT_FEATURE_CONFIG, extractFeatures, hashString, withExtras, type FeatureConfig, type SparseFeatures } from "@/lib/router/auto/features";
import { seededRandom } from "@/lib/router/auto/linear";
import {
  costAt,
  expectedRandomMetrics,
  randomRouterMetrics,
  routerMetrics,
  type PairOutcome,
  type RouterMetrics,
  type SweepOptions,
} from "@/lib/router/auto/metrics";
import { QualityPredictor } from "@/lib/router/auto/quality";

// ---- data ----

export type OutcomeRow = {
  prompt: string;
  /** model column -> outcome (1/0 for True/False, or a numeric score) */
  outcomes: Record<string, number>;
  /** where the row came from (CSV file name without extension); only used as a feature when asked */
  source?: string;
  /** benchmark category when the data has one (MT-Bench); never a routing feature */
  category?: string;
};

export type OutcomeTable = { models: string[]; rows: OutcomeRow[] };

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes; a BOM and CRLF are tolerated. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text[i] === '"') {
      // quoted: runs up to a quote not followed by another quote
      let j = i + 1;
      let parts = "";
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error("unterminated quoted CSV field");
        if (text[q + 1] === '"') {
          parts += text.slice(j, q + 1);
          j = q + 2;
        } else {
          parts += text.slice(j, q);
          i = q + 1;
          break;
        }
      }
      field = parts;
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") j++;
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) break;
    const ch = text[i];
    if (ch === ",") {
      i++;
      if (i >= n) row.push("");
    } else if (ch === "\n" || ch === "\r") {
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      rows.push(row);
      row = [];
    } else throw new Error(`unexpected character after a quoted CSV field at offset ${i}`);
  }
  if (row.length) rows.push(row);
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

function parseOutcome(raw: string, where: string): number {
  const v = raw.trim().toLowerCase();
  if (v === "true") return 1;
  if (v === "false") return 0;
  const n = Number(v);
  if (v !== "" && Number.isFinite(n)) return n;
  throw new Error(`${where}: expected True/False or a number, got "${raw}"`);
}

/** A CSV with a `prompt` column and one True/False (or numeric) column per model. */
export function outcomeTableFromCsv(text: string, source?: string): OutcomeTable {
  const [header, ...body] = parseCsv(text);
  if (!header) return { models: [], rows: [] };
  const promptCol = header.indexOf("prompt");
  if (promptCol < 0) throw new Error(`${source ?? "csv"}: no "prompt" column (columns: ${header.join(", ")})`);
  const models = header.filter((_, i) => i !== promptCol);
  const rows = body.map((cells, r) => {
    if (cells.length !== header.length) throw new Error(`${source ?? "csv"} row ${r + 2}: ${cells.length} cells, header has ${header.length}`);
    const outcomes: Record<string, number> = {};
    header.forEach((col, i) => {
      if (i !== promptCol) outcomes[col] = parseOutcome(cells[i]!, `${source ?? "csv"} row ${r + 2} column ${col}`);
    });
    return { prompt: cells[promptCol]!, outcomes, ...(source ? { source } : {}) };
  });
  return { models, rows };
}

export function mergeTables(tables: readonly OutcomeTable[]): OutcomeTable {
  const models = tables[0]?.models ?? [];
  for (const t of tables) {
    const missing = models.filter((m) => !t.models.includes(m));
    if (missing.length) throw new Error(`tables disagree on model columns: missing ${missing.join(", ")}`);
  }
  return { models: [...models], rows: tables.flatMap((t) => t.rows) };
}

/**
 * MT-Bench as RouteLLM evaluates it: route on the first turn only, both turns then go to the routed model, and the
 * performance of a question is the routed model's mean GPT-4 judge score (1-10) over its two turns.
 */
export function mtBenchTable(questionsJsonl: string, judgementsJsonl: string): OutcomeTable {
  const jsonl = (text: string) =>
    text
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const questions = jsonl(questionsJsonl) as { question_id: number; category: string; turns: string[] }[];
  const scores = new Map<string, number[]>(); // `${qid}\u0000${model}` -> scores
  const models: string[] = [];
  for (const j of jsonl(judgementsJsonl) as { question_id: number; model: string; score: number }[]) {
    if (typeof j.score !== "number" || j.score < 0) continue; // the judge's -1 means "could not parse"
    if (!models.includes(j.model)) models.push(j.model);
    const key = `${j.question_id}\u0000${j.model}`;
    scores.set(key, [...(scores.get(key) ?? []), j.score]);
  }
  const rows: OutcomeRow[] = [];
  for (const q of questions) {
    const outcomes: Record<string, number> = {};
    for (const m of models) {
      const s = scores.get(`${q.question_id}\u0000${m}`);
      if (s?.length) outcomes[m] = s.reduce((a, b) => a + b, 0) / s.length;
    }
    if (Object.keys(outcomes).length === models.length && q.turns[0]) rows.push({ prompt: q.turns[0], outcomes, category: q.category });
  }
  return { models, rows };
}

// ---- split ----

/** Deterministic split by prompt hash: identical prompts always land on the same side. */
export function splitRows<T extends { prompt: string }>(rows: readonly T[], testFraction: number, seed = 0): { train: T[]; test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  for (const r of rows) (hashString(r.prompt, seed) / 4294967296 < testFraction ? test : train).push(r);
  return { train, test };
}

// ---- training ----

export type RouterTrainConfig = {
  bits: number;
  bigrams: boolean;
  /** shared "difficulty" weights + per-model weights (true) or two independent regressions (false) */
  shared: boolean;
  l2: number;
  learningRate: number;
  epochs: number;
  /** the default task classifier's probabilities as features */
  taskFeatures: boolean;
  /** the row's source (CSV file) as a categorical feature; off by default, see docs/routing-eval.md */
  sourceFeature: boolean;
};

export const DEFAULT_TRAIN_CONFIG: RouterTrainConfig = {
  bits: 18,
  bigrams: true,
  shared: true,
  l2: 1e-4,
  learningRate: 0.05,
  epochs: 4,
  taskFeatures: true,
  sourceFeature: false,
};

export type Featurized = { row: OutcomeRow; base: SparseFeatures; task: Record<string, number> };

/** Outcomes mapped into [0, 1] for the predictor: 0/1 stay, graded scores are min-max scaled over the table. */
export function outcomeScaler(rows: readonly OutcomeRow[], models: readonly string[]): (v: number) => number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) for (const m of models) {
    const v = r.outcomes[m]!;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo >= 0 && hi <= 1) return (v) => v;
  return (v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5);
}

export function featurizeRows(rows: readonly OutcomeRow[], features: FeatureConfig, classifier: TaskClassifier | null): Featurized[] {
  return rows.map((row) => ({
    row,
    base: extractFeatures(row.prompt, features),
    task: classifier ? classifier.probabilities(row.prompt) : {},
  }));
}

function extrasFor(f: Featurized, config: RouterTrainConfig): Record<string, number> {
  const extras: Record<string, number> = {};
  if (config.taskFeatures) for (const [t, p] of Object.entries(f.task)) extras[`task=${t}`] = p;
  if (config.sourceFeature && f.row.source) extras[`source=${f.row.source}`] = 1;
  return extras;
}

export type TrainedRouter = {
  predictor: QualityPredictor;
  /** strong-win score: P(strong good) - P(weak good) */
  score: (f: Featurized) => number;
};

export function trainRouter(train: readonly Featurized[], pair: { strong: string; weak: string }, config: RouterTrainConfig, scale: (v: number) => number, seed = 1): TrainedRouter {
  const features: Partial<FeatureConfig> = { bits: config.bits, bigrams: config.bigrams };
  const predictor = new QualityPredictor({ features, shared: config.shared, l2: config.l2, learningRate: config.learningRate });
  const withX = (f: Featurized) => withExtras(f.base, predictor.features, extrasFor(f, config));
  const examples = train.flatMap((f) => {
    const x = withX(f);
    return [pair.strong, pair.weak].map((model) => ({ features: x, model, score: scale(f.row.outcomes[model]!) }));
  });
  predictor.learnFeatures(examples, { epochs: config.epochs, seed });
  return {
    predictor,
    score: (f) => {
      const x = withX(f);
      return predictor.predictFeatures(x, pair.strong) - predictor.predictFeatures(x, pair.weak);
    },
  };
}

// ---- evaluation ----

export type EvalOptions = {
  strong: string;
  weak: string;
  /** single split: the share of rows (by prompt hash) held out for test */
  testFraction?: number;
  /** > 1: K-fold cross-validation instead of one split; every row is scored by a model that never saw it */
  folds?: number;
  /** hyper-parameters are chosen by K-fold cross-validation inside the training part (default 3) */
  selectionFolds?: number;
  seed?: number;
  prices?: { strong: number; weak: number };
  sweep?: SweepOptions;
  /** hyper-parameter candidates, applied over DEFAULT_TRAIN_CONFIG; the first is used when there is one only */
  grid?: readonly Partial<RouterTrainConfig>[];
  sourceFeature?: boolean;
  taskFeatures?: boolean;
  /** the task classifier whose probabilities are features (default: the shipped seed model) */
  classifier?: TaskClassifier | null;
  /** progress lines (stderr in the CLI) */
  log?: (line: string) => void;
};

export type MetricSummary = Omit<RouterMetrics, "curve">;

export type EvalReport = {
  rows: { total: number; train: number; test: number };
  protocol: string;
  /** the configuration chosen on the training part (per outer fold with `folds`) */
  chosen: Partial<RouterTrainConfig>[];
  selection: { config: Partial<RouterTrainConfig>; apgr: number }[][];
  test: MetricSummary & { curve: RouterMetrics["curve"] };
  /** the same scores swept over every distinct threshold instead of RouteLLM's 10 quantile bins */
  testFullSweep: MetricSummary;
  random: MetricSummary;
  randomExpected: MetricSummary;
  /** untrained baseline: strong-win score = P(code) + P(math) + P(reasoning) from the task classifier */
  taskPrior?: MetricSummary;
  costs?: { cpt50: ReturnType<typeof costAt>; cpt80: ReturnType<typeof costAt>; allStrong: number; allWeak: number };
};

/** Candidates tried by default; small on purpose (2 cores, and every candidate costs `selectionFolds` trainings). */
export const DEFAULT_GRID: readonly Partial<RouterTrainConfig>[] = [
  {},
  { shared: false },
  { bits: 16 },
  { l2: 1e-2 },
  { epochs: 2 },
  { epochs: 8 },
  { bigrams: false },
];

function summary(m: RouterMetrics): MetricSummary {
  const { curve: _curve, ...rest } = m;
  return rest;
}

function foldOf(prompt: string, folds: number, salt: number): number {
  return Math.floor((hashString(prompt, salt) / 4294967296) * folds);
}

function diff(config: RouterTrainConfig): Partial<RouterTrainConfig> {
  const out: Partial<RouterTrainConfig> = {};
  for (const k of Object.keys(config) as (keyof RouterTrainConfig)[]) {
    if (config[k] !== DEFAULT_TRAIN_CONFIG[k]) (out as Record<string, unknown>)[k] = config[k];
  }
  return out;
}

type Context = {
  pair: { strong: string; weak: string };
  grid: RouterTrainConfig[];
  selectionFolds: number;
  seed: number;
  sweep: SweepOptions;
  classifier: TaskClassifier | null;
  log: (line: string) => void;
};

/** Chooses a configuration by cross-validation on `train` only, refits it on all of `train`, scores `test`. */
function fitAndScore(train: readonly OutcomeRow[], test: readonly OutcomeRow[], ctx: Context) {
  const scale = outcomeScaler(train, [ctx.pair.strong, ctx.pair.weak]);
  const featureCache = new Map<string, { train: Featurized[]; test: Featurized[] }>();
  const featurized = (c: RouterTrainConfig) => {
    const key = `${c.bits}/${c.bigrams}`;
    let hit = featureCache.get(key);
    if (!hit) {
      const features = { ...DEFAULT_FEATURE_CONFIG, bits: c.bits, bigrams: c.bigrams };
      hit = { train: featurizeRows(train, features, ctx.classifier), test: featurizeRows(test, features, ctx.classifier) };
      featureCache.set(key, hit);
    }
    return hit;
  };
  const pairOf = (f: Featurized): PairOutcome => ({ strong: f.row.outcomes[ctx.pair.strong]!, weak: f.row.outcomes[ctx.pair.weak]! });
  const selection: { config: RouterTrainConfig; apgr: number }[] = [];
  if (ctx.grid.length > 1) {
    for (const config of ctx.grid) {
      const data = featurized(config).train;
      let sum = 0;
      let counted = 0;
      for (let k = 0; k < ctx.selectionFolds; k++) {
        const inFold = data.map((f) => foldOf(f.row.prompt, ctx.selectionFolds, ctx.seed + 0x5eed) === k);
        const fit = data.filter((_, i) => !inFold[i]);
        const held = data.filter((_, i) => inFold[i]);
        if (fit.length < 2 || held.length < 2) continue;
        const router = trainRouter(fit, ctx.pair, config, scale, ctx.seed + 1);
        const apgr = routerMetrics(held.map(router.score), held.map(pairOf), ctx.sweep).apgr;
        if (Number.isFinite(apgr)) {
          sum += apgr;
          counted++;
        }
      }
      const apgr = counted ? sum / counted : NaN;
      selection.push({ config, apgr });
      ctx.log(`selection: mean APGR over ${ctx.selectionFolds} folds of train ${apgr.toFixed(3)} ${JSON.stringify(diff(config))}`);
    }
  }
  const scored = selection.filter((s) => Number.isFinite(s.apgr));
  const chosen = scored.length ? scored.reduce((a, b) => (b.apgr > a.apgr ? b : a)).config : ctx.grid[0]!;
  const data = featurized(chosen);
  const router = trainRouter(data.train, ctx.pair, chosen, scale, ctx.seed + 1);
  ctx.log(`chosen ${JSON.stringify(diff(chosen))}, refit on ${train.length} rows, scoring ${test.length}`);
  return {
    scores: data.test.map(router.score),
    chosen: diff(chosen),
    selection: selection.map((s) => ({ config: diff(s.config), apgr: s.apgr })),
  };
}

export function evaluateOutcomes(table: OutcomeTable, options: EvalOptions): EvalReport {
  const { strong, weak } = options;
  for (const m of [strong, weak]) if (!table.models.includes(m)) throw new Error(`no column "${m}" (columns: ${table.models.join(", ")})`);
  const seed = options.seed ?? 0;
  const sweep = options.sweep ?? { bins: 10 };
  const base = { ...DEFAULT_TRAIN_CONFIG, sourceFeature: options.sourceFeature ?? false, taskFeatures: options.taskFeatures ?? DEFAULT_TRAIN_CONFIG.taskFeatures };
  const ctx: Context = {
    pair: { strong, weak },
    grid: (options.grid ?? DEFAULT_GRID).map((g) => ({ ...base, ...g })),
    selectionFolds: options.selectionFolds ?? 3,
    seed,
    sweep,
    classifier: options.classifier === undefined ? defaultClassifier() : options.classifier,
    log: options.log ?? (() => {}),
  };

  let testRows: OutcomeRow[];
  let scores: number[];
  const chosen: Partial<RouterTrainConfig>[] = [];
  const selection: { config: Partial<RouterTrainConfig>; apgr: number }[][] = [];
  let trainCount: number;
  let protocol: string;
  const folds = options.folds ?? 1;
  if (folds > 1) {
    testRows = [];
    scores = [];
    trainCount = 0;
    for (let k = 0; k < folds; k++) {
      const test = table.rows.filter((r) => foldOf(r.prompt, folds, seed) === k);
      const train = table.rows.filter((r) => foldOf(r.prompt, folds, seed) !== k);
      if (test.length === 0) continue;
      ctx.log(`fold ${k + 1}/${folds}: train ${train.length}, test ${test.length}`);
      const r = fitAndScore(train, test, ctx);
      testRows.push(...test);
      scores.push(...r.scores);
      chosen.push(r.chosen);
      selection.push(r.selection);
      trainCount += train.length;
    }
    trainCount = Math.round(trainCount / folds);
    protocol = `${folds}-fold cross-validation by prompt hash (seed ${seed}); out-of-fold scores pooled`;
  } else {
    const testFraction = options.testFraction ?? 0.5;
    const split = splitRows(table.rows, testFraction, seed);
    if (split.test.length < 2 || split.train.length < 2) throw new Error(`too few rows to split (${table.rows.length})`);
    const r = fitAndScore(split.train, split.test, ctx);
    testRows = split.test;
    scores = r.scores;
    chosen.push(r.chosen);
    selection.push(r.selection);
    trainCount = split.train.length;
    protocol = `single split by prompt hash (seed ${seed}): ${Math.round((1 - testFraction) * 100)}% train / ${Math.round(testFraction * 100)}% test`;
  }

  const outcomes = testRows.map((r) => ({ strong: r.outcomes[strong]!, weak: r.outcomes[weak]! }));
  const m = routerMetrics(scores, outcomes, sweep);
  const report: EvalReport = {
    rows: { total: table.rows.length, train: trainCount, test: testRows.length },
    protocol,
    chosen,
    selection,
    test: m,
    testFullSweep: summary(routerMetrics(scores, outcomes, { bins: "all" })),
    random: randomRouterMetrics(outcomes, seededRandom(seed + 7), { ...sweep, runs: 20 }),
    randomExpected: expectedRandomMetrics(outcomes),
  };
  if (ctx.classifier) report.taskPrior = summary(routerMetrics(taskPriorScores(testRows, ctx.classifier), outcomes, sweep));
  if (options.prices) {
    report.costs = {
      cpt50: costAt(m.cpt50, options.prices),
      cpt80: costAt(m.cpt80, options.prices),
      allStrong: options.prices.strong,
      allWeak: options.prices.weak,
    };
  }
  return report;
}

/** A zero-shot router: the classifier's probability that a prompt is code, math or reasoning (where small models
 * fall furthest behind). Uses no outcome data at all, so it is a baseline any trained router should be compared to. */
export function taskPriorScores(rows: readonly OutcomeRow[], classifier: TaskClassifier): number[] {
  return rows.map((r) => {
    const p = classifier.probabilities(r.prompt);
    return (p.code ?? 0) + (p.math ?? 0) + (p.reasoning ?? 0);
  });
}

/** Held-out accuracy of a task classifier on rows carrying a benchmark category, through a category -> task map
 * (categories mapped to null are skipped). */
export function classifierAccuracy(
  rows: readonly OutcomeRow[],
  classifier: TaskClassifier,
  mapping: Readonly<Record<string, string | null>>,
): { accuracy: number; n: number; byCategory: Record<string, { n: number; correct: number; predicted: Record<string, number> }> } {
  const byCategory: Record<string, { n: number; correct: number; predicted: Record<string, number> }> = {};
  let n = 0;
  let correct = 0;
  for (const r of rows) {
    const want = r.category ? mapping[r.category] : undefined;
    if (!r.category || !want) continue;
    const got = classifier.predict(r.prompt).task;
    const c = (byCategory[r.category] ??= { n: 0, correct: 0, predicted: {} });
    c.n++;
    c.predicted[got] = (c.predicted[got] ?? 0) + 1;
    n++;
    if (got === want) {
      c.correct++;
      correct++;
    }
  }
  return { accuracy: n ? correct / n : NaN, n, byCategory };
}

/** MT-Bench category -> our task labels. stem and humanities questions ask to explain or analyse a topic, which is
 * what "reasoning" covers in the seed set; they are reported separately because the mapping is a judgement call. */
export const MT_BENCH_TASKS: Readonly<Record<string, string>> = {
  coding: "code",
  math: "math",
  reasoning: "reasoning",
  writing: "writing",
  roleplay: "chat",
  extraction: "extraction",
  stem: "reasoning",
  humanities: "reasoning",
};
