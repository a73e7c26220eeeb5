// The statistics behind accuracy charts and swap decisions. Pure functions, checked against published values.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;
/** z for a one-sided test at alpha = 0.05 (the non-inferiority decision). */
export const Z_ONE_SIDED_95 = 1.6448536269514722;

export type Interval = { low: number; high: number };

/**
 * Wilson score interval for a proportion (Wilson 1927; Newcombe 1998 method 3). `p` may be the mean of scores in
 * [0, 1] rather than a count of successes: for graded scores this is the usual normal-approximation extension.
 */
export function wilson(p: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/**
 * Interval for the difference p1 - p2 of two independent proportions: Newcombe's hybrid score method (1998,
 * method 10), built from the two Wilson intervals. Well behaved near 0 and 1 where the Wald interval is not.
 */
export function newcombeDiff(p1: number, n1: number, p2: number, n2: number, z = Z95): Interval {
  const a = wilson(p1, n1, z);
  const b = wilson(p2, n2, z);
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

export type Arm = { n: number; accuracy: number };
export type NonInferiority = {
  decision: "non_inferior" | "inferior" | "inconclusive" | "insufficient";
  diff: number; // candidate - incumbent
  low: number; // one-sided lower bound of the difference
  high: number;
  margin: number;
  minSamples: number;
};

/**
 * Is the candidate no worse than the incumbent by more than `margin` (default 2 points), at 95% confidence?
 * One-sided test: the lower bound of a 90% two-sided Newcombe interval for candidate - incumbent must be above
 * -margin. "inferior" when even the upper bound is below -margin (the gap is real); "insufficient" below the
 * minimum sample on either arm; otherwise "inconclusive".
 */
export function nonInferiority(candidate: Arm, incumbent: Arm, opts: { margin?: number; minSamples?: number } = {}): NonInferiority {
  const margin = opts.margin ?? 0.02;
  const minSamples = opts.minSamples ?? 100;
  const { low, high } = newcombeDiff(candidate.accuracy, candidate.n, incumbent.accuracy, incumbent.n, Z_ONE_SIDED_95);
  const diff = candidate.accuracy - incumbent.accuracy;
  let decision: NonInferiority["decision"];
  if (candidate.n < minSamples || incumbent.n < minSamples) decision = "insufficient";
  else if (low > -margin) decision = "non_inferior";
  else if (high < -margin) decision = "inferior";
  else decision = "inconclusive";
  return { decision, diff, low, high, margin, minSamples };
}

/**
 * Non-inferiority from paired scores (both models graded on the same requests, as shadow evaluation produces):
 * one-sided lower bound of the mean difference d = candidate - incumbent, mean(d) - z * sd(d) / sqrt(n). Pairing
 * removes the variance the two models share (the same easy and hard questions), so far fewer samples are needed
 * than for two independent arms.
 */
export function pairedNonInferiority(d: { n: number; meanDiff: number; sdDiff: number }, opts: { margin?: number; minSamples?: number } = {}): NonInferiority {
  const margin = opts.margin ?? 0.02;
  const minSamples = opts.minSamples ?? 100;
  const se = d.n > 1 ? d.sdDiff / Math.sqrt(d.n) : Infinity;
  const low = d.meanDiff - Z_ONE_SIDED_95 * se;
  const high = d.meanDiff + Z_ONE_SIDED_95 * se;
  let decision: NonInferiority["decision"];
  if (d.n < minSamples) decision = "insufficient";
  else if (low > -margin) decision = "non_inferior";
  else if (high < -margin) decision = "inferior";
  else decision = "inconclusive";
  return { decision, diff: d.meanDiff, low, high, margin, minSamples };
}
