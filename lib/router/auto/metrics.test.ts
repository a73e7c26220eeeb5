import { describe, expect, it } from "vitest";
import { aiq, aiqFromPoints, apgr, costAt, cpt, expectedRandomMetrics, quantileSorted, randomRouterMetrics, routerMetrics, routingCurve } from "@/lib/router/auto/metrics";
import { seededRandom } from "@/lib/router/auto/linear";

// Five prompts, hand-computed. strong accuracy 3/5 = 0.6, weak 2/5 = 0.4, gap 0.2.
//   prompt  score  strong  weak
//   A       0.9    1       0     strong-only win
//   B       0.7    1       1
//   C       0.5    0       1     weak-only win
//   D       0.3    1       0     strong-only win
//   E       0.1    0       0
const scores = [0.9, 0.7, 0.5, 0.3, 0.1];
const outcomes = [
  { strong: 1, weak: 0 },
  { strong: 1, weak: 1 },
  { strong: 0, weak: 1 },
  { strong: 1, weak: 0 },
  { strong: 0, weak: 0 },
];

describe("routing metrics on a hand-computed fixture", () => {
  it("sweeps every threshold: strong fraction, accuracy and PGR", () => {
    const curve = routingCurve(scores, outcomes, { bins: "all" });
    // none strong: 0.4 | +A: 0.6 | +B: 0.6 | +C: 0.4 | +D: 0.6 | all: 0.6
    expect(curve.map((p) => p.strongFraction)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(curve.map((p) => p.performance)).toEqual([0.4, 0.6, 0.6, 0.4, 0.6, 0.6].map((x) => expect.closeTo(x, 12)));
    expect(curve.map((p) => p.pgr)).toEqual([0, 1, 1, 0, 1, 1].map((x) => expect.closeTo(x, 12)));
  });

  it("APGR, CPT(50%), CPT(80%) and AIQ", () => {
    const m = routerMetrics(scores, outcomes, { bins: "all" });
    // trapezoids of width 0.2 over PGR 0,1,1,0,1,1: 0.1 + 0.2 + 0.1 + 0.1 + 0.2
    expect(m.apgr).toBeCloseTo(0.7, 12);
    // first point with PGR >= x is (0.2, 1), after (0, 0): x * 0.2
    expect(m.cpt50).toBeCloseTo(0.1, 12);
    expect(m.cpt80).toBeCloseTo(0.16, 12);
    // hull (0,0.4) (0.2,0.6) (1,0.6): 0.2 * 0.5 + 0.8 * 0.6 = 0.58 (the dip at 60% is not on the hull)
    expect(m.aiq).toBeCloseTo(0.58, 12);
    expect(m.strongPerformance).toBeCloseTo(0.6, 12);
    expect(m.weakPerformance).toBeCloseTo(0.4, 12);
  });

  it("RouteLLM's quantile thresholds (pd.qcut edges, >= except > for the last)", () => {
    // bins=3: edges at quantiles 0, 1/3, 2/3, 1 = 0.1, 0.3667, 0.6333, 0.9 (numpy linear interpolation)
    expect(quantileSorted([0.1, 0.3, 0.5, 0.7, 0.9], 1 / 3)).toBeCloseTo(0.3 + 0.2 / 3, 12);
    const curve = routingCurve(scores, outcomes, { bins: 3 });
    expect(curve.map((p) => p.strongFraction)).toEqual([1, 0.6, 0.4, 0]);
    expect(curve.map((p) => p.pgr)).toEqual([1, 0, 1, 0].map((x) => expect.closeTo(x, 12)));
    // sorted by fraction: (0,0) (0.4,1) (0.6,0) (1,1): 0.2 + 0.1 + 0.2
    expect(apgr(curve)).toBeCloseTo(0.5, 12);
    expect(cpt(curve, 0.5)).toBeCloseTo(0.2, 12);
    expect(cpt(curve, 0.8)).toBeCloseTo(0.32, 12);
    // bins=2: edges 0.1, 0.5, 0.9 -> fractions 1, 0.6, 0; PGR 1, 0, 0
    const two = routingCurve(scores, outcomes, { bins: 2 });
    expect(apgr(two)).toBeCloseTo(0.2, 12);
    expect(cpt(two, 0.5)).toBeCloseTo(0.8, 12);
    // RouteLLM's default
    expect(routingCurve(scores, outcomes)).toHaveLength(11);
  });

  it("routes tied scores together", () => {
    const curve = routingCurve([1, 1, 0, 0], outcomes.slice(0, 4), { bins: "all" });
    expect(curve.map((p) => p.strongFraction)).toEqual([0, 0.5, 1]);
  });

  it("CPT is NaN for an unreachable target; AIQ keeps the hull non-decreasing", () => {
    expect(cpt(routingCurve(scores, outcomes, { bins: "all" }), 1.5)).toBeNaN();
    // the last point is worse than the middle one: the hull goes flat after the best point
    expect(aiqFromPoints([{ x: 0, y: 0 }, { x: 0.5, y: 1 }, { x: 1, y: 0.5 }])).toBeCloseTo(0.25 + 0.5, 12);
    expect(aiqFromPoints([{ x: 0, y: 0.4 }, { x: 1, y: 0.6 }])).toBeCloseTo(0.5, 12);
  });

  it("random router: straight line in expectation, close to it when sampled", () => {
    const e = expectedRandomMetrics(outcomes);
    expect(e).toMatchObject({ apgr: 0.5, cpt50: 0.5, cpt80: 0.8 });
    expect(e.aiq).toBeCloseTo(0.5, 12);
    const many = Array.from({ length: 2000 }, (_, i) => ({ strong: i % 5 < 4 ? 1 : 0, weak: i % 5 < 3 ? 1 : 0 }));
    const r = randomRouterMetrics(many, seededRandom(1), { runs: 10 });
    expect(r.apgr).toBeGreaterThan(0.45);
    expect(r.apgr).toBeLessThan(0.55);
    expect(aiq(routingCurve(many.map((_, i) => -i), many, { bins: "all" }))).toBeGreaterThan(0.7);
  });

  it("prices a strong-call fraction", () => {
    const c = costAt(0.5, { strong: 24.7, weak: 0.24 });
    expect(c.perMTok).toBeCloseTo(12.47, 10);
    expect(c.savingVsStrong).toBeCloseTo(1 - 12.47 / 24.7, 10);
  });
});
