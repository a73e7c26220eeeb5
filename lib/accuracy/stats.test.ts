import { describe, expect, it } from "vitest";
import { newcombeDiff, nonInferiority, pairedNonInferiority, wilson } from "@/lib/accuracy/stats";

describe("Wilson interval", () => {
  // Reference values: Newcombe (1998), Table I, method 3 (Wilson score without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i/%i -> (%f, %f)", (x, n, low, high) => {
    const ci = wilson(x / n, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it("covers the true proportion about 95% of the time", () => {
    // Deterministic LCG so the check is repeatable; p = 0.8, n = 200, 4000 trials.
    let seed = 42;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      let x = 0;
      for (let i = 0; i < 200; i++) if (rand() < 0.8) x++;
      const ci = wilson(x / 200, 200);
      if (ci.low <= 0.8 && 0.8 <= ci.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});

describe("Newcombe difference interval", () => {
  // Newcombe (1998) "Interval estimation for the difference between independent proportions", Table II,
  // method 10: 56/70 - 48/80 -> (0.0524, 0.3339); 9/10 - 3/10 -> (0.1705, 0.8090).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
  ])("%i/%i - %i/%i", (x1, n1, x2, n2, low, high) => {
    const ci = newcombeDiff(x1 / n1, n1, x2 / n2, n2);
    expect(ci.low).toBeCloseTo(low, 3);
    expect(ci.high).toBeCloseTo(high, 3);
  });
});

describe("non-inferiority decision", () => {
  it("accepts an equally good candidate with enough samples", () => {
    expect(nonInferiority({ n: 2000, accuracy: 0.9 }, { n: 2000, accuracy: 0.9 }).decision).toBe("non_inferior");
  });
  it("refuses when the evidence is thin, however good the candidate looks", () => {
    expect(nonInferiority({ n: 40, accuracy: 0.95 }, { n: 40, accuracy: 0.9 }).decision).toBe("insufficient");
  });
  it("calls a real gap inferior", () => {
    const r = nonInferiority({ n: 1000, accuracy: 0.7 }, { n: 1000, accuracy: 0.86 });
    expect(r.decision).toBe("inferior");
    expect(r.diff).toBeCloseTo(-0.16, 10);
  });
  it("is inconclusive when the interval straddles the margin", () => {
    expect(nonInferiority({ n: 200, accuracy: 0.88 }, { n: 200, accuracy: 0.9 }).decision).toBe("inconclusive");
  });
  it("respects a custom margin", () => {
    const equalish = [{ n: 1500, accuracy: 0.86 }, { n: 1500, accuracy: 0.88 }] as const;
    expect(nonInferiority(equalish[0], equalish[1], { margin: 0.02 }).decision).not.toBe("non_inferior");
    expect(nonInferiority(equalish[0], equalish[1], { margin: 0.06 }).decision).toBe("non_inferior");
  });
});

describe("paired non-inferiority", () => {
  it("uses the spread of the differences: small disagreements pass, a real gap fails", () => {
    // MT-Bench humanities (recorded GPT-4 judge scores /10): Mixtral - GPT-4 = -0.1 on 1 question of 10.
    const diffs = [0, -0.1, 0, 0, 0, 0, 0, 0, 0, 0];
    const mean = diffs.reduce((s, x) => s + x, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (diffs.length - 1));
    expect(sd).toBeCloseTo(0.0316, 4);
    const r = pairedNonInferiority({ n: 100, meanDiff: mean, sdDiff: sd });
    expect(r.low).toBeCloseTo(-0.01 - 1.6448536 * (sd / 10), 6);
    expect(r.decision).toBe("non_inferior");
    // Coding: mean -0.23, sd 0.27 -> inferior.
    expect(pairedNonInferiority({ n: 100, meanDiff: -0.23, sdDiff: 0.27 }).decision).toBe("inferior");
    expect(pairedNonInferiority({ n: 20, meanDiff: 0, sdDiff: 0 }).decision).toBe("insufficient");
  });
});
