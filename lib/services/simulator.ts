import { AppError } from "@/lib/api/errors";
import * as repo from "@/lib/db/simulator";
import { promptText } from "@/lib/gateway/usage";
import { DEFAULT_TRAIN_CONFIG } from "@/lib/router/auto/eval";
import { hashString } from "@/lib/router/auto/features";
import { seededRandom } from "@/lib/router/auto/linear";
import { randomRouterMetrics, routerMetrics, routingCurve, type PairOutcome } from "@/lib/router/auto/metrics";
import { chooseModel, QualityPredictor } from "@/lib/router/auto/quality";
import type { SimulateOutput, SimulateQuery } from "@/lib/schemas/simulator";
import { assertTeamAccess, type Caller } from "@/lib/services/context";

// The what-if simulator: replays logged prompts with known outcomes for two models under a router and under the
// team's "auto" tolerance, before anything changes. Nothing here writes.
//
// What counts as a pair: one prompt answered by both the strong and the weak model, each answer graded, from
//   - shadow evaluation: a live request and its mirror to a candidate model, both judged (the incumbent's and the
//     candidate's shadow scores carry the live request's id), or
//   - eval sets: the same eval item answered in eval runs of both models (scores labelled "item:<id>").
// A model's newest score counts when it was graded twice. Feedback, graders and canary judgements score one model per
// request and never pair. See lib/db/simulator.ts for the queries and docs/routing-eval.md for the method.
//
// The pure part (`simulate`) is the same evaluation as `npm run router:eval` (lib/router/auto/eval.ts) on these pairs:
// a deterministic split by prompt hash, the quality predictor trained on the train part (or, with fewer than
// MIN_PAIRS_TO_TRAIN pairs, per-task mean scores of the train part), and every number measured on the held-out part.

/** Below this many pairs there is no held-out measurement at all: the page shows its empty state. */
export const MIN_PAIRS = 10;
/** Below this many pairs the predictor is not trained: a per-task prior from the train pairs scores the test pairs. */
export const MIN_PAIRS_TO_TRAIN = 40;
/** The newest units read per simulation (bounds the work of one request). */
export const MAX_UNITS = 5000;
const TEST_FRACTION = 0.5;
/** Curve points returned for charting (the exact sweep is thinned beyond this). */
const MAX_CURVE_POINTS = 201;

export type Answer = { score: number; inputTokens: number | null; outputTokens: number | null };
export type Price = { input: number; output: number };

/** One prompt with the graded answers of two or more models. */
export type Unit = {
  key: string;
  source: "shadow" | "eval_set";
  task: string;
  /** The prompt text when it is known (eval items; live requests of teams that store bodies). */
  prompt: string | null;
  answers: Record<string, Answer>;
  /** What the team paid for the live request (shadow evidence). */
  liveCostUsd: number | null;
};

export type Pair = { key: string; source: Unit["source"]; task: string; prompt: string | null; strong: Answer; weak: Answer; liveCostUsd: number | null };

/** Price per million tokens the gateway ranks models by: (input + output) / 2 (lib/gateway/quality-cache.ts). */
export const blendedPrice = (p: Price) => (p.input + p.output) / 2;

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Model pairs with evidence, strong = the dearer by blended price (by name when a price is missing), most pairs first. */
export function availablePairs(units: readonly Unit[], prices: ReadonlyMap<string, Price>): { strong: string; weak: string; pairs: number }[] {
  const counts = new Map<string, number>();
  for (const u of units) {
    const models = Object.keys(u.answers).sort();
    for (let i = 0; i < models.length; i++) for (let j = i + 1; j < models.length; j++) {
      const k = `${models[i]}\u0000${models[j]}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([k, pairs]) => {
      const [a, b] = k.split("\u0000") as [string, string];
      const pa = prices.get(a);
      const pb = prices.get(b);
      const bFirst = pa && pb ? blendedPrice(pb) > blendedPrice(pa) : false;
      return bFirst ? { strong: b, weak: a, pairs } : { strong: a, weak: b, pairs };
    })
    .sort((x, y) => y.pairs - x.pairs || x.strong.localeCompare(y.strong) || x.weak.localeCompare(y.weak));
}

/** The default comparison: the most expensive and the cheapest priced models that have pairs with each other. */
export function defaultModels(available: ReturnType<typeof availablePairs>, prices: ReadonlyMap<string, Price>): { strong: string; weak: string } | null {
  const priced = available.filter((a) => prices.has(a.strong) && prices.has(a.weak) && blendedPrice(prices.get(a.strong)!) > blendedPrice(prices.get(a.weak)!));
  const pick = priced.sort(
    (x, y) =>
      blendedPrice(prices.get(y.strong)!) - blendedPrice(prices.get(x.strong)!) ||
      blendedPrice(prices.get(x.weak)!) - blendedPrice(prices.get(y.weak)!) ||
      y.pairs - x.pairs,
  )[0] ?? available[0];
  return pick ? { strong: pick.strong, weak: pick.weak } : null;
}

export function pairsOf(units: readonly Unit[], strong: string, weak: string): Pair[] {
  return units.flatMap((u) => {
    const s = u.answers[strong];
    const w = u.answers[weak];
    return s && w ? [{ key: u.key, source: u.source, task: u.task, prompt: u.prompt, strong: s, weak: w, liveCostUsd: u.liveCostUsd }] : [];
  });
}

/** Identical prompts always land on the same side; prompts never seen as text split by their unit. */
export function splitPairs(pairs: readonly Pair[], seed = 0, testFraction = TEST_FRACTION): { train: Pair[]; test: Pair[] } {
  const train: Pair[] = [];
  const test: Pair[] = [];
  for (const p of pairs) (hashString(p.prompt ?? p.key, seed) / 4294967296 < testFraction ? test : train).push(p);
  return { train, test };
}

type Scored = { strong: number; weak: number };

/** P(good) of each model for each test pair from the quality predictor trained on the train pairs (prompt + task). */
function predictorScores(train: readonly Pair[], test: readonly Pair[], seed: number): Scored[] {
  const c = DEFAULT_TRAIN_CONFIG;
  const predictor = new QualityPredictor({ features: { bits: c.bits, bigrams: c.bigrams }, shared: c.shared, l2: c.l2, learningRate: c.learningRate });
  const x = (p: Pair) => predictor.featurize(p.prompt ?? "", { task: p.task });
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  predictor.learnFeatures(
    train.flatMap((p) => {
      const f = x(p);
      return [
        { features: f, model: "strong", score: clamp(p.strong.score) },
        { features: f, model: "weak", score: clamp(p.weak.score) },
      ];
    }),
    { epochs: c.epochs, seed: seed + 1 },
  );
  return test.map((p) => {
    const f = x(p);
    return { strong: predictor.predictFeatures(f, "strong"), weak: predictor.predictFeatures(f, "weak") };
  });
}

/** Each test pair scored by its task's mean scores on the train pairs (all train pairs for a task never seen). */
function taskPriorScores(train: readonly Pair[], test: readonly Pair[]): Scored[] {
  const byTask = new Map<string, { s: number; w: number; n: number }>();
  const all = { s: 0, w: 0, n: 0 };
  for (const p of train) {
    const t = byTask.get(p.task) ?? { s: 0, w: 0, n: 0 };
    for (const acc of [t, all]) {
      acc.s += p.strong.score;
      acc.w += p.weak.score;
      acc.n++;
    }
    byTask.set(p.task, t);
  }
  return test.map((p) => {
    const t = byTask.get(p.task) ?? all;
    return { strong: t.s / t.n, weak: t.w / t.n };
  });
}

export type SimulateOptions = {
  strongName: string;
  weakName: string;
  prices: { strong: Price | null; weak: Price | null };
  tolerance: number;
  teamTolerance: number;
  seed?: number;
};

export type Simulation = Omit<SimulateOutput, "teamId" | "task" | "from" | "to" | "tasks" | "available" | "models" | "strong" | "weak">;

/** The pure core: split, score, sweep, metrics, costs and the policy point. Deterministic for the same pairs. */
export function simulate(pairs: readonly Pair[], o: SimulateOptions): Simulation {
  const seed = o.seed ?? 0;
  const { train, test } = splitPairs(pairs, seed);
  const sources = { shadow: pairs.filter((p) => p.source === "shadow").length, evalSet: pairs.filter((p) => p.source === "eval_set").length };
  const base: Simulation = {
    pairs: pairs.length,
    trainPairs: train.length,
    testPairs: test.length,
    sources,
    enough: false,
    method: null,
    notes: [],
    metrics: null,
    random: null,
    curve: [],
    cost: null,
    policy: null,
  };
  if (pairs.length < MIN_PAIRS || test.length < 3 || train.length < 2) {
    base.notes.push(
      pairs.length === 0
        ? `No prompt has graded answers of both ${o.strongName} and ${o.weakName}: the simulator needs shadow evidence or an eval run with both models.`
        : `Only ${pairs.length} pair${pairs.length === 1 ? "" : "s"} of ${o.strongName} and ${o.weakName} (${train.length} to learn from, ${test.length} held out): a measurement needs at least ${MIN_PAIRS}, with 3 held out. The simulator needs more shadow evidence or an eval run with both models.`,
    );
    return base;
  }
  const notes: string[] = [];
  const method = pairs.length >= MIN_PAIRS_TO_TRAIN ? "predictor" : "task-prior";
  const scored = method === "predictor" ? predictorScores(train, test, seed) : taskPriorScores(train, test);
  notes.push(
    method === "predictor"
      ? `The quality predictor (prompt text and task) was trained on ${train.length} pairs and is measured on the other ${test.length}, split by prompt hash: it never saw them.`
      : `Only ${pairs.length} pairs, fewer than ${MIN_PAIRS_TO_TRAIN} to train the quality predictor: each of the ${test.length} held-out pairs is scored by its task's mean scores on the ${train.length} train pairs (a per-task prior).`,
  );
  const textless = pairs.filter((p) => p.prompt === null).length;
  if (method === "predictor" && textless > 0) notes.push(`${textless} of ${pairs.length} pairs have no stored prompt (the team does not store request bodies): the predictor sees only their task.`);
  if (test.length < 30) notes.push(`Only ${test.length} held-out pairs: expect these numbers to move by several points as evidence accrues.`);

  const scores = scored.map((s) => s.strong - s.weak);
  const outcomes: PairOutcome[] = test.map((p) => ({ strong: p.strong.score, weak: p.weak.score }));
  const m = routerMetrics(scores, outcomes, { bins: 10 });
  const random = randomRouterMetrics(outcomes, seededRandom(seed + 7), { bins: 10, runs: 20 });
  const gap = m.strongPerformance - m.weakPerformance > 1e-9;
  if (!gap) {
    notes.push(
      `On the held-out pairs ${o.weakName} scores as well as ${o.strongName} or better (${r3(m.weakPerformance)} vs ${r3(m.strongPerformance)}): there is no gap to recover, so APGR and CPT are not defined.`,
    );
  }
  const ifGap = (x: number) => (gap ? finite(x) : null);

  // Cost of each answer: logged tokens at current prices when every held-out pair has them, else blended prices.
  const n = test.length;
  const { strong: ps, weak: pw } = o.prices;
  const tokensKnown = (a: Answer) => a.inputTokens !== null && a.outputTokens !== null;
  const byTokens = test.every((p) => tokensKnown(p.strong) && tokensKnown(p.weak));
  const answerCost = (a: Answer, p: Price) => (byTokens ? (a.inputTokens! * p.input + a.outputTokens! * p.output) / 1e6 : blendedPrice(p));
  const costs = ps && pw ? test.map((p) => ({ strong: answerCost(p.strong, ps), weak: answerCost(p.weak, pw) })) : null;
  if (!ps || !pw) notes.push(`No current price for ${[!ps && o.strongName, !pw && o.weakName].filter(Boolean).join(" and ")}: costs are not shown.`);
  else if (!byTokens) {
    const withTokens = test.filter((p) => tokensKnown(p.strong) && tokensKnown(p.weak)).length;
    notes.push(
      `${withTokens === 0 ? "None" : `Only ${withTokens}`} of the ${n} held-out pairs ${withTokens === 1 ? "has" : "have"} logged token counts for both answers (seeded or older evidence has none): costs use each model's blended price per million tokens, (input + output) / 2.`,
    );
  }

  // The exact sweep (every distinct score) for the chart, with the cost of each point: routingCurve routes the top k
  // scores to the strong model in this same order (a stable sort by descending score).
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const prefix = new Float64Array(n + 1);
  if (costs) {
    prefix[0] = costs.reduce((s, c) => s + c.weak, 0);
    for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + costs[order[k]!]!.strong - costs[order[k]!]!.weak;
  }
  let curve = routingCurve(scores, outcomes, { bins: "all" }).map((p) => ({
    strongFraction: p.strongFraction,
    quality: p.performance,
    pgr: ifGap(p.pgr),
    cost: costs ? prefix[Math.round(p.strongFraction * n)]! / n : null,
  }));
  if (curve.length > MAX_CURVE_POINTS) {
    const step = (curve.length - 1) / (MAX_CURVE_POINTS - 1);
    curve = Array.from({ length: MAX_CURVE_POINTS }, (_, i) => curve[Math.round(i * step)]!);
  }

  const allStrong = costs ? mean(costs.map((c) => c.strong)) : NaN;
  const live = test.filter((p) => p.liveCostUsd !== null);
  const cost = costs
    ? {
        basis: byTokens ? ("logged_tokens" as const) : ("blended_price" as const),
        unit: byTokens ? ("usd_per_request" as const) : ("usd_per_mtok" as const),
        allStrong,
        allWeak: mean(costs.map((c) => c.weak)),
        actual: byTokens && live.length ? mean(live.map((p) => p.liveCostUsd!)) : null,
        actualRequests: byTokens ? live.length : 0,
      }
    : null;

  // The candidate policy: the cheaper model answers when its predicted quality is within the tolerance of the better
  // one's, exactly chooseModel() as "auto" applies it, on the same predictions the curve is drawn from.
  const priceS = ps && pw ? blendedPrice(ps) : 1;
  const priceW = ps && pw ? blendedPrice(pw) : 0;
  const toWeak = scored.map(
    (s) =>
      chooseModel(
        [
          { id: "strong", costPerMTok: priceS, pGood: s.strong },
          { id: "weak", costPerMTok: priceW, pGood: s.weak },
        ],
        o.tolerance,
      ).id === "weak",
  );
  const chosen = test.map((p, i) => (toWeak[i] ? p.weak.score : p.strong.score));
  const quality = mean(chosen);
  const policyCost = costs ? mean(costs.map((c, i) => (toWeak[i] ? c.weak : c.strong))) : NaN;
  const tasks = [...new Set(test.map((p) => p.task))].sort();
  const policy = {
    tolerance: o.tolerance,
    teamTolerance: o.teamTolerance,
    weakShare: toWeak.filter(Boolean).length / n,
    quality,
    pgr: ifGap((quality - m.weakPerformance) / (m.strongPerformance - m.weakPerformance)),
    cost: finite(policyCost),
    savingVsStrong: costs && allStrong > 0 ? 1 - policyCost / allStrong : null,
    byTask: tasks.map((task) => {
      const idx = test.flatMap((p, i) => (p.task === task ? [i] : []));
      return { task, pairs: idx.length, weakShare: idx.filter((i) => toWeak[i]).length / idx.length, quality: mean(idx.map((i) => chosen[i]!)) };
    }),
  };

  return {
    ...base,
    enough: true,
    method,
    notes,
    metrics: { n, strongQuality: m.strongPerformance, weakQuality: m.weakPerformance, apgr: ifGap(m.apgr), cpt50: ifGap(m.cpt50), cpt80: ifGap(m.cpt80), aiq: finite(m.aiq) },
    random: { apgr: ifGap(random.apgr), cpt50: ifGap(random.cpt50), cpt80: ifGap(random.cpt80), aiq: finite(random.aiq) },
    curve,
    cost,
    policy,
  };
}

// ───────────── loading the evidence ─────────────

/** The team's paired evidence as units: scores from evaluations, prompts and token counts from the request log. */
export async function loadUnits(f: { teamId: string; task?: string; from?: Date; to?: Date }): Promise<Unit[]> {
  const rows = await repo.pairedEvidence({ ...f, limit: MAX_UNITS });
  if (rows.length === 0) return [];
  const liveIds = [...new Set(rows.filter((r) => r.source === "shadow").map((r) => r.request_id!))];
  const evalIds = rows.filter((r) => r.source === "eval_set" && r.request_id).map((r) => r.request_id!);
  const itemIds = [...new Set(rows.filter((r) => r.source === "eval_set").map((r) => r.label.slice("item:".length)))];
  const shadowTimes = rows.filter((r) => r.source === "shadow").map((r) => r.created_at.getTime());
  const [requests, mirrors, items] = await Promise.all([
    repo.requestsByIds([...liveIds, ...evalIds], liveIds),
    shadowTimes.length
      ? repo.shadowRequestsOf(f.teamId, liveIds, new Date(Math.min(...shadowTimes) - 86_400_000), new Date(Math.max(...shadowTimes) + 60_000))
      : Promise.resolve([]),
    repo.evalItemPrompts(itemIds),
  ]);
  const request = new Map(requests.map((r) => [r.id, r]));
  const mirror = new Map(mirrors.map((r) => [`${r.live_id}\u0000${r.model_name}`, r]));
  const prompt = new Map(items.map((i) => [i.id, i.prompt]));
  const tokens = (r: { input_tokens: number; output_tokens: number } | undefined) => ({ inputTokens: r ? r.input_tokens : null, outputTokens: r ? r.output_tokens : null });

  const units = new Map<string, Unit>();
  for (const r of rows) {
    let u = units.get(r.unit);
    if (!u) {
      let text: string | null = null;
      let liveCostUsd: number | null = null;
      if (r.source === "eval_set") text = prompt.get(r.label.slice("item:".length)) ?? null;
      else {
        const live = request.get(r.request_id!);
        if (live?.kind === "live") liveCostUsd = live.cost_usd;
        if (live?.request_body && typeof live.request_body === "object") {
          text = promptText(live.request_body as Record<string, unknown>, live.endpoint === "messages" ? "anthropic" : "openai", 8192) || null;
        }
      }
      u = { key: r.unit, source: r.source, task: r.task, prompt: text, answers: {}, liveCostUsd };
      units.set(r.unit, u);
    }
    // The incumbent's answer is the live request; the candidate's is its mirrored request; an eval answer is its own.
    const logged = r.source === "eval_set" ? (r.request_id ? request.get(r.request_id) : undefined) : r.label === "incumbent" ? request.get(r.request_id!) : mirror.get(`${r.request_id}\u0000${r.model_name}`);
    u.answers[r.model_name] = { score: r.score, ...tokens(logged) };
  }
  return [...units.values()];
}

/** The models asked for; one given alone is compared with its best-evidenced partner; none: the default pair. */
export function chooseModels(q: { strong?: string; weak?: string }, available: ReturnType<typeof availablePairs>, fallback: { strong: string; weak: string } | null): { strong: string | null; weak: string | null } {
  if (q.strong && q.weak) return { strong: q.strong, weak: q.weak };
  const given = q.strong ?? q.weak;
  if (!given) return fallback ?? { strong: null, weak: null };
  const a = available.find((x) => x.strong === given || x.weak === given);
  const other = a ? (a.strong === given ? a.weak : a.strong) : null;
  return q.strong ? { strong: given, weak: other } : { strong: other, weak: given };
}

/** GET /api/v1/teams/{teamId}/routing-policy/simulate */
export async function simulateRouting(c: Caller, teamId: string, q: SimulateQuery): Promise<SimulateOutput> {
  assertTeamAccess(c, "accuracy:read", teamId);
  const team = await repo.teamForSimulation(teamId);
  if (!team) throw new AppError("not_found", "No such team");
  if (q.strong && q.weak && q.strong === q.weak) throw new AppError("unprocessable", "weak: choose two different models", [{ path: "weak", message: "Choose a model other than the strong one" }]);
  if (q.from && q.to && q.from >= q.to) throw new AppError("unprocessable", "to: must be after from", [{ path: "to", message: "Must be after from" }]);

  const [units, tasks] = await Promise.all([loadUnits({ teamId, task: q.task, from: q.from, to: q.to }), repo.pairedTasks({ teamId, from: q.from, to: q.to })]);
  const names = [...new Set(units.flatMap((u) => Object.keys(u.answers)))].sort();
  const prices = await repo.currentPrices([...new Set([...names, q.strong, q.weak].filter((x): x is string => !!x))], new Date());
  const available = availablePairs(units, prices);
  const { strong, weak } = chooseModels(q, available, defaultModels(available, prices));
  const teamTolerance = team.routingPolicy?.qualityTolerance ?? 0.02;

  const sim: Simulation =
    strong && weak && strong !== weak
      ? simulate(pairsOf(units, strong, weak), { strongName: strong, weakName: weak, prices: { strong: prices.get(strong) ?? null, weak: prices.get(weak) ?? null }, tolerance: q.tolerance ?? teamTolerance, teamTolerance })
      : {
          ...simulate([], { strongName: "", weakName: "", prices: { strong: null, weak: null }, tolerance: q.tolerance ?? teamTolerance, teamTolerance }),
          notes: ["No prompt in this range has graded answers of two models: the simulator needs shadow evidence or an eval run with both models."],
        };
  if (units.length >= MAX_UNITS) sim.notes.push(`Only the newest ${MAX_UNITS} prompts with paired evidence are replayed; narrow the dates to see older ones.`);

  return {
    teamId,
    task: q.task ?? null,
    from: q.from ? q.from.toISOString() : null,
    to: q.to ? q.to.toISOString() : null,
    tasks: tasks.map((t) => ({ task: t.task, pairs: t.units })),
    available,
    models: names.map((name) => ({ name, inputPerMTok: prices.get(name)?.input ?? null, outputPerMTok: prices.get(name)?.output ?? null })),
    strong,
    weak,
    ...sim,
  };
}
