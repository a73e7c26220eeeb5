import { describe, expect, it } from "vitest";
import { routerMetrics } from "@/lib/router/auto/metrics";
import { availablePairs, chooseModels, defaultModels, MIN_PAIRS, pairsOf, simulate, splitPairs, type Answer, type Pair, type Price, type Unit } from "@/lib/services/simulator";

// The simulator's pure part on fixtures small enough to compute by hand.

const STRONG: Price = { input: 10, output: 30 }; // blended 20 per MTok
const WEAK: Price = { input: 1, output: 3 }; // blended 2 per MTok
const opts = { strongName: "big", weakName: "small", prices: { strong: STRONG, weak: WEAK }, tolerance: 0.05, teamTolerance: 0.02 };

const answer = (score: number, tokens = true): Answer => ({ score, inputTokens: tokens ? 1000 : null, outputTokens: tokens ? 500 : null });
const pair = (prompt: string, task: string, s: number, w: number, extra: Partial<Pair> = {}): Pair => ({
  key: `eval:${prompt}`,
  source: "eval_set",
  task,
  prompt,
  strong: answer(s),
  weak: answer(w),
  liveCostUsd: null,
  ...extra,
});

// 12 pairs (fewer than 40: the per-task prior scores them). The split is by prompt hash (seed 0); these prompts were
// picked so that "math question 0/2/5" and "chat question 1/2/3" are held out (asserted below).
//   train  math: strong 1,1,1  weak 0,0,1  -> P(strong) 1,   P(weak) 1/3: score 2/3
//          chat: strong 1,1,0  weak 1,1,0  -> P(strong) 2/3, P(weak) 2/3: score 0
//   test   math: (1,0) (1,0) (1,1)      chat: (1,0) (0,0) (1,1)
//          strong mean 5/6, weak mean 2/6 = 1/3, gap 1/2
const FIXTURE: Pair[] = [
  pair("math question 1", "math", 1, 0),
  pair("math question 3", "math", 1, 0),
  pair("math question 4", "math", 1, 1),
  pair("chat question 0", "chat", 1, 1),
  pair("chat question 4", "chat", 1, 1),
  pair("chat question 9", "chat", 0, 0),
  pair("math question 0", "math", 1, 0, { source: "shadow", liveCostUsd: 0.02 }),
  pair("math question 2", "math", 1, 0, { source: "shadow", liveCostUsd: 0.03 }),
  pair("math question 5", "math", 1, 1),
  pair("chat question 1", "chat", 1, 0),
  pair("chat question 2", "chat", 0, 0),
  pair("chat question 3", "chat", 1, 1),
];

describe("simulate, per-task prior on a hand-computed fixture", () => {
  it("holds out exactly the pairs the fixture was built around", () => {
    const { train, test } = splitPairs(FIXTURE);
    expect(test.map((p) => p.prompt).sort()).toEqual(["chat question 1", "chat question 2", "chat question 3", "math question 0", "math question 2", "math question 5"]);
    expect(train).toHaveLength(6);
  });

  it("computes RouteLLM's metrics and AIQ on the held-out pairs only", () => {
    const r = simulate(FIXTURE, opts);
    expect(r).toMatchObject({ enough: true, method: "task-prior", pairs: 12, trainPairs: 6, testPairs: 6, sources: { shadow: 2, evalSet: 10 } });
    expect(r.notes.join(" ")).toMatch(/fewer than 40 to train the quality predictor/);
    expect(r.metrics!.n).toBe(6);
    expect(r.metrics!.strongQuality).toBeCloseTo(5 / 6, 12);
    expect(r.metrics!.weakQuality).toBeCloseTo(1 / 3, 12);
    // Scores: math 2/3, chat 0. The 11 quantile edges of [0,0,0,2/3,2/3,2/3] (numpy "linear") are 0 five times
    // (everything strong), 1/3 and 2/3 five times (math strong, chat weak: performance (3 + 1)/6 = 2/3, PGR
    // (2/3 - 1/3) / (1/2) = 2/3), and "> 2/3" once (nothing strong, PGR 0). So PGR over the strong share:
    // (0, 0), (0.5, 2/3), (1, 1).
    //   APGR    = trapezoids 0.5 * (0 + 2/3)/2 + 0.5 * (2/3 + 1)/2 = 1/6 + 5/12 = 7/12
    //   CPT(50%): between (0, 0) and (0.5, 2/3): 0.5 * 0.5 / (2/3) = 0.375
    //   CPT(80%): between (0.5, 2/3) and (1, 1): 0.5 + 0.5 * (0.8 - 2/3) / (1/3) = 0.7
    //   AIQ     : hull (0, 1/3), (0.5, 2/3), (1, 5/6): 0.5 * (1/3 + 2/3)/2 + 0.5 * (2/3 + 5/6)/2 = 0.25 + 0.375 = 0.625
    expect(r.metrics!.apgr).toBeCloseTo(7 / 12, 12);
    expect(r.metrics!.cpt50).toBeCloseTo(0.375, 12);
    expect(r.metrics!.cpt80).toBeCloseTo(0.7, 12);
    expect(r.metrics!.aiq).toBeCloseTo(0.625, 12);
    // The random router on the same six pairs (20 seeded orderings) is worse than the prior here.
    expect(r.random!.apgr).toBeGreaterThan(0.2);
    expect(r.random!.apgr).toBeLessThan(7 / 12);
  });

  it("draws the exact curve with the cost of each point from the logged tokens at current prices", () => {
    const r = simulate(FIXTURE, opts);
    // Every answer logged 1000 input + 500 output tokens: strong (1000*10 + 500*30)/1e6 = $0.025, weak $0.0025.
    expect(r.cost).toMatchObject({ basis: "logged_tokens", unit: "usd_per_request", actualRequests: 2 });
    expect(r.cost!.allStrong).toBeCloseTo(0.025, 12);
    expect(r.cost!.allWeak).toBeCloseTo(0.0025, 12);
    expect(r.cost!.actual).toBeCloseTo(0.025, 12); // the two live requests paid $0.02 and $0.03
    expect(r.curve.map((p) => [p.strongFraction, p.quality, p.pgr])).toEqual([
      [0, expect.closeTo(1 / 3, 12), expect.closeTo(0, 12)],
      [0.5, expect.closeTo(2 / 3, 12), expect.closeTo(2 / 3, 12)],
      [1, expect.closeTo(5 / 6, 12), expect.closeTo(1, 12)],
    ]);
    expect(r.curve.map((p) => p.cost)).toEqual([expect.closeTo(0.0025, 12), expect.closeTo(0.01375, 12), expect.closeTo(0.025, 12)]);
  });

  it("places the tolerance: the cheaper model answers where its predicted quality is within it", () => {
    // chat: P(weak) = P(strong) -> weak at any tolerance; math: P(weak) is 2/3 below -> strong up to the 0.2 maximum.
    for (const tolerance of [0, 0.05, 0.2]) {
      const p = simulate(FIXTURE, { ...opts, tolerance }).policy!;
      expect(p.tolerance).toBe(tolerance);
      expect(p.weakShare).toBe(0.5);
      expect(p.quality).toBeCloseTo(2 / 3, 12);
      expect(p.pgr).toBeCloseTo(2 / 3, 12);
      expect(p.cost).toBeCloseTo(0.01375, 12);
      expect(p.savingVsStrong).toBeCloseTo(0.45, 12);
      expect(p.byTask).toEqual([
        { task: "chat", pairs: 3, weakShare: 1, quality: expect.closeTo(1 / 3, 12) }, // weak scored 0, 0, 1
        { task: "math", pairs: 3, weakShare: 0, quality: 1 },
      ]);
    }
    expect(simulate(FIXTURE, opts).policy!.teamTolerance).toBe(0.02);
  });

  it("falls back to blended prices per MTok when a held-out pair has no logged tokens", () => {
    const pairs = FIXTURE.map((p) => (p.prompt === "chat question 2" ? { ...p, weak: answer(0, false) } : p));
    const r = simulate(pairs, opts);
    expect(r.cost).toMatchObject({ basis: "blended_price", unit: "usd_per_mtok", allStrong: 20, allWeak: 2, actual: null, actualRequests: 0 });
    expect(r.policy!.cost).toBeCloseTo(11, 12); // half at 20, half at 2
    expect(r.notes.join(" ")).toMatch(/blended price/);
    const unpriced = simulate(FIXTURE, { ...opts, prices: { strong: STRONG, weak: null } });
    expect(unpriced.cost).toBeNull();
    expect(unpriced.curve.every((p) => p.cost === null)).toBe(true);
    expect(unpriced.policy!.weakShare).toBe(0.5); // the choice still treats "small" as the cheaper model
  });

  it("leaves PGR-based metrics undefined when the weak model is as good on the held-out pairs", () => {
    const even = FIXTURE.map((p) => ({ ...p, weak: { ...p.weak, score: p.strong.score } }));
    const r = simulate(even, opts);
    expect(r.enough).toBe(true);
    expect(r.metrics).toMatchObject({ apgr: null, cpt50: null, cpt80: null });
    expect(r.metrics!.aiq).toBeCloseTo(5 / 6, 12);
    expect(r.curve.every((p) => p.pgr === null)).toBe(true);
    expect(r.notes.join(" ")).toMatch(/no gap to recover/);
  });

  it("says there is too little evidence instead of reporting numbers", () => {
    const r = simulate(FIXTURE.slice(0, MIN_PAIRS - 1), opts);
    expect(r).toMatchObject({ enough: false, method: null, metrics: null, random: null, curve: [], cost: null, policy: null, pairs: MIN_PAIRS - 1 });
    expect(r.notes[0]).toMatch(/at least 10/);
    expect(simulate([], opts).notes[0]).toMatch(/needs shadow evidence or an eval run with both models/);
  });
});

describe("simulate with the trained quality predictor", () => {
  it("learns from the train pairs which prompts need the strong model and ranks held-out ones well above random", () => {
    // 120 pairs: prompts about proofs the weak model fails, greetings both answer; the words differ per prompt.
    const pairs: Pair[] = [];
    for (let i = 0; i < 60; i++) pairs.push(pair(`Prove rigorously that the sequence number ${i} converges, with every lemma`, "math", 1, i % 6 === 0 ? 1 : 0));
    for (let i = 0; i < 60; i++) pairs.push(pair(`Hello there friend ${i}, how are you today?`, "chat", 1, 1));
    const r = simulate(pairs, opts);
    expect(r.method).toBe("predictor");
    expect(r.trainPairs + r.testPairs).toBe(120);
    const { train, test } = splitPairs(pairs);
    const trained = new Set(train.map((p) => p.prompt));
    expect(test.filter((p) => trained.has(p.prompt))).toEqual([]);
    // The oracle (scores = the true strong-minus-weak outcome) bounds what any router can reach on these pairs.
    const oracle = routerMetrics(test.map((p) => p.strong.score - p.weak.score), test.map((p) => ({ strong: p.strong.score, weak: p.weak.score })), { bins: 10 });
    expect(r.metrics!.apgr).toBeGreaterThan(0.9 * oracle.apgr);
    expect(r.metrics!.apgr).toBeGreaterThan(r.random!.apgr! + 0.2);
    // The policy keeps the proofs on the strong model and sends the greetings to the weak one.
    const byTask = Object.fromEntries(r.policy!.byTask.map((t) => [t.task, t.weakShare]));
    expect(byTask.chat).toBeGreaterThan(0.9);
    expect(byTask.math).toBeLessThan(0.1);
  });
});

describe("choosing the two models", () => {
  const unit = (key: string, models: Record<string, number>): Unit => ({
    key,
    source: "shadow",
    task: "code",
    prompt: null,
    liveCostUsd: null,
    answers: Object.fromEntries(Object.entries(models).map(([m, s]) => [m, answer(s)])),
  });
  const units = [unit("a", { gpt: 1, mix: 0 }), unit("b", { gpt: 1, mix: 1, mini: 1 }), unit("c", { mini: 0, mix: 1 }), unit("d", { claude: 1, mini: 0 })];
  const prices = new Map<string, Price>([
    ["gpt", { input: 10, output: 30 }],
    ["claude", { input: 3, output: 15 }],
    ["mini", { input: 0.15, output: 0.6 }],
    ["mix", { input: 0.24, output: 0.24 }],
  ]);

  it("counts pairs per model pair, the dearer model as strong", () => {
    expect(availablePairs(units, prices)).toEqual([
      { strong: "gpt", weak: "mix", pairs: 2 },
      { strong: "mini", weak: "mix", pairs: 2 }, // mini's blended price (0.375) is above mix's (0.24)
      { strong: "claude", weak: "mini", pairs: 1 },
      { strong: "gpt", weak: "mini", pairs: 1 },
    ]);
    expect(pairsOf(units, "gpt", "mix").map((p) => [p.key, p.strong.score, p.weak.score])).toEqual([
      ["a", 1, 0],
      ["b", 1, 1],
    ]);
  });

  it("defaults to the most expensive and the cheapest models that have pairs with each other", () => {
    const available = availablePairs(units, prices);
    expect(defaultModels(available, prices)).toEqual({ strong: "gpt", weak: "mix" });
    expect(chooseModels({}, available, defaultModels(available, prices))).toEqual({ strong: "gpt", weak: "mix" });
    expect(chooseModels({ strong: "claude" }, available, null)).toEqual({ strong: "claude", weak: "mini" });
    expect(chooseModels({ weak: "mix" }, available, null)).toEqual({ strong: "gpt", weak: "mix" });
    expect(chooseModels({ strong: "nobody" }, available, null)).toEqual({ strong: "nobody", weak: null });
    expect(defaultModels([], prices)).toBeNull();
  });
});
