// Router evaluation metrics, as defined by RouteLLM (Ong et al., 2024; lm-sys/RouteLLM routellm/evals) and
// RouterBench (Hu et al., 2024). A binary router gives each prompt a "strong-win" score; a threshold sends the
// prompts scoring >= it to the strong model. Sweeping the threshold traces performance against the fraction of
// calls that go to the strong model.
//
//   performance(t) = mean over prompts of the routed model's outcome (accuracy for 0/1 outcomes, mean judge score
//                    for MT-Bench)
//   PGR(t)         = (performance(t) - weak) / (strong - weak)           performance gap recovered
//   APGR           = trapezoid area under PGR vs strong-call fraction, divided by the fraction range swept (RouteLLM
//                    computes (AUC - weak AUC) / (strong AUC - weak AUC), the same thing); the sweep covers 0%..100%
//   CPT(x)         = the smallest strong-call fraction with PGR >= x, linearly interpolated between the two sweep
//                    points around the first crossing (RouteLLM uses np.interp on the accuracy column, which is the
//                    same whenever the curve is increasing and undefined when it is not)
//   AIQ            = RouterBench's average improvement in quality: the area under the non-decreasing convex hull
//                    of the (cost, performance) points, divided by the cost range. With a fixed price per call per
//                    model, cost is affine in the strong-call fraction, so AIQ is the same in dollars or in fractions
//                    and is expressed in performance units (accuracy 0..1, or judge score).
//
// Thresholds: `bins: 10` reproduces RouteLLM's evaluate(): the 11 quantile edges of the scores (pd.qcut, linear
// interpolation like numpy), ">=" for each edge except "> max" for the last, giving points from 100% to 0% strong.
// `bins: "all"` sweeps every distinct score instead (exact curve, ties routed together).

export type PairOutcome = { strong: number; weak: number };
export type CurvePoint = { threshold: number; strongFraction: number; performance: number; pgr: number };
export type SweepOptions = { bins?: number | "all" };

export type RouterMetrics = {
  curve: CurvePoint[];
  strongPerformance: number;
  weakPerformance: number;
  apgr: number;
  cpt20: number;
  cpt50: number;
  cpt80: number;
  aiq: number;
};

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : NaN;
}

/** numpy.quantile(..., method="linear") on sorted values */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

export function routingCurve(scores: readonly number[], outcomes: readonly PairOutcome[], options: SweepOptions = {}): CurvePoint[] {
  if (scores.length !== outcomes.length) throw new RangeError(`${scores.length} scores for ${outcomes.length} outcomes`);
  const n = scores.length;
  if (n === 0) return [];
  const strong = mean(outcomes.map((o) => o.strong));
  const weak = mean(outcomes.map((o) => o.weak));
  const pgrOf = (perf: number) => (perf - weak) / (strong - weak);
  // by score, descending: a prefix of this order is what a threshold sends to the strong model
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  // prefix[k] = total performance when the top-k prompts go strong
  const prefix = new Float64Array(n + 1);
  let base = 0;
  for (const o of outcomes) base += o.weak;
  prefix[0] = base;
  for (let k = 0; k < n; k++) {
    const o = outcomes[order[k]!]!;
    prefix[k + 1] = prefix[k]! + o.strong - o.weak;
  }
  const point = (threshold: number, k: number): CurvePoint => {
    const performance = prefix[k]! / n;
    return { threshold, strongFraction: k / n, performance, pgr: pgrOf(performance) };
  };
  const desc = order.map((i) => scores[i]!);
  /** how many scores are >= t (or > t) */
  const countAbove = (t: number, strict: boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? desc[mid]! > t : desc[mid]! >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const bins = options.bins ?? 10;
  if (bins === "all") {
    const points = [point(Infinity, 0)];
    for (let k = 0; k < n; ) {
      let j = k + 1;
      while (j < n && desc[j] === desc[k]) j++;
      points.push(point(desc[k]!, j));
      k = j;
    }
    return points;
  }
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer or "all", got ${bins}`);
  const asc = [...desc].reverse();
  const points: CurvePoint[] = [];
  for (let i = 0; i <= bins; i++) {
    const t = quantileSorted(asc, i / bins);
    points.push(point(t, countAbove(t, i === bins)));
  }
  return points;
}

function byFraction(curve: readonly CurvePoint[]): CurvePoint[] {
  return curve
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.strongFraction - b.p.strongFraction || a.i - b.i)
    .map((x) => x.p);
}

function trapezoid(xs: readonly number[], ys: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((xs[i]! - xs[i - 1]!) * (ys[i]! + ys[i - 1]!)) / 2;
  return area;
}

/** Average performance gap recovered: the area under PGR over the strong-call fraction swept, per unit of fraction. */
export function apgr(curve: readonly CurvePoint[]): number {
  const c = byFraction(curve);
  if (c.length < 2) return NaN;
  const range = c[c.length - 1]!.strongFraction - c[0]!.strongFraction;
  return trapezoid(
    c.map((p) => p.strongFraction),
    c.map((p) => p.pgr),
  ) / range;
}

/** Call-performance threshold: the smallest strong-call fraction that recovers `target` (0..1) of the gap, or NaN
 * when the curve never does (only possible for a target above 1). */
export function cpt(curve: readonly CurvePoint[], target: number): number {
  const c = byFraction(curve);
  for (let i = 0; i < c.length; i++) {
    const p = c[i]!;
    if (p.pgr >= target) {
      if (i === 0) return p.strongFraction;
      const q = c[i - 1]!;
      return q.strongFraction + ((target - q.pgr) / (p.pgr - q.pgr)) * (p.strongFraction - q.strongFraction);
    }
  }
  return NaN;
}

/**
 * RouterBench AIQ over (x, performance) points where x is the cost normalised to [0, 1] (here the strong-call
 * fraction): the upper convex hull of the points (any mix of two operating points is reachable by randomising
 * between them), made non-decreasing (paying more never has to lose quality), integrated over x and divided by
 * the x range.
 */
export function aiqFromPoints(points: readonly { x: number; y: number }[]): number {
  const ps = [...points].sort((a, b) => a.x - b.x || b.y - a.y);
  if (ps.length === 0) return NaN;
  const hull: { x: number; y: number }[] = [];
  for (const p of ps) {
    if (hull.length && hull[hull.length - 1]!.x === p.x) continue; // same cost: the first (highest y) wins
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!;
      const b = hull[hull.length - 1]!;
      // drop b if it lies on or below the segment a-p
      if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  const range = hull[hull.length - 1]!.x - hull[0]!.x;
  if (range === 0) return hull[0]!.y;
  let best = -Infinity;
  const ys = hull.map((p) => (best = Math.max(best, p.y)));
  return (
    trapezoid(
      hull.map((p) => p.x),
      ys,
    ) / range
  );
}

export function aiq(curve: readonly CurvePoint[]): number {
  return aiqFromPoints(curve.map((p) => ({ x: p.strongFraction, y: p.performance })));
}

export function routerMetrics(scores: readonly number[], outcomes: readonly PairOutcome[], options: SweepOptions = {}): RouterMetrics {
  const curve = routingCurve(scores, outcomes, options);
  return {
    curve,
    strongPerformance: mean(outcomes.map((o) => o.strong)),
    weakPerformance: mean(outcomes.map((o) => o.weak)),
    apgr: apgr(curve),
    cpt20: cpt(curve, 0.2),
    cpt50: cpt(curve, 0.5),
    cpt80: cpt(curve, 0.8),
    aiq: aiq(curve),
  };
}

/**
 * The random router on the same prompts, measured the way RouteLLM measures its "random" baseline: uniform random
 * scores, same sweep, averaged over `runs` seeded orderings (its expectation is the straight line from weak to
 * strong: APGR 0.5, CPT(x) = x, AIQ = (weak + strong) / 2; see `expectedRandomMetrics`).
 */
export function randomRouterMetrics(outcomes: readonly PairOutcome[], random: () => number, options: SweepOptions & { runs?: number } = {}): Omit<RouterMetrics, "curve"> {
  const runs = options.runs ?? 20;
  const all: RouterMetrics[] = [];
  for (let r = 0; r < runs; r++) all.push(routerMetrics(outcomes.map(() => random()), outcomes, options));
  const avg = (k: keyof Omit<RouterMetrics, "curve">) => mean(all.map((m) => m[k]));
  return {
    strongPerformance: avg("strongPerformance"),
    weakPerformance: avg("weakPerformance"),
    apgr: avg("apgr"),
    cpt20: avg("cpt20"),
    cpt50: avg("cpt50"),
    cpt80: avg("cpt80"),
    aiq: avg("aiq"),
  };
}

export function expectedRandomMetrics(outcomes: readonly PairOutcome[]): Omit<RouterMetrics, "curve"> {
  const strong = mean(outcomes.map((o) => o.strong));
  const weak = mean(outcomes.map((o) => o.weak));
  return { strongPerformance: strong, weakPerformance: weak, apgr: 0.5, cpt20: 0.2, cpt50: 0.5, cpt80: 0.8, aiq: (strong + weak) / 2 };
}

/** Blended price per call at a strong-call fraction, and the saving against sending everything to the strong model. */
export function costAt(strongFraction: number, prices: { strong: number; weak: number }): { perMTok: number; savingVsStrong: number } {
  const perMTok = strongFraction * prices.strong + (1 - strongFraction) * prices.weak;
  return { perMTok, savingVsStrong: prices.strong > 0 ? 1 - perMTok / prices.strong : 0 };
}
