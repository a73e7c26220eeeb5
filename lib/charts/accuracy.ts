import { wilson } from "@/lib/accuracy/stats";
import { bucketLabel, bucketStarts } from "@/lib/charts/buckets";
import { SERIES_COLORS } from "@/lib/charts/spend";

// Pure preparer for the accuracy-over-time chart: the API's series (one point per bucket x team x task x model,
// only buckets that had graded requests) in, one row per bucket of the range out, with per model an accuracy,
// its 95% interval as a [low, high] band and n. A bucket without graded requests stays null: recharts draws a
// gap there (connectNulls={false}), never a drop to zero, because "no evidence" is not "0% accurate".

export type AccuracyInterval = "day" | "week";
export type AccuracySeriesRow = { bucket: string; teamId: string; task: string; model: string; n: number; accuracy: number; ciLow: number; ciHigh: number };
export type AccuracySeriesInput = { from: string; to: string; interval: AccuracyInterval; rows: readonly AccuracySeriesRow[] };

/** One model's line. Data keys are "m0", "m1"... (recharts reads a dotted dataKey as a path; model names have dots). */
export type AccuracyLine = { dataKey: string; bandKey: string; errorKey: string; nKey: string; model: string; color: string; n: number; points: number };
/** Per line: `m0` accuracy | null, `m0Band` [ciLow, ciHigh] | null, `m0N` n | null, and `m0Err` [down, up] (relative
 * to the accuracy, for an error bar) only on isolated points, whose band would be too thin to see. */
export type AccuracyPoint = { bucket: string; label: string } & Record<string, string | number | [number, number] | null>;
export type AccuracyChart = {
  lines: AccuracyLine[];
  data: AccuracyPoint[];
  /** Models left out to keep the chart readable (the fewest graded requests go first). */
  hidden: string[];
  /** Buckets with data, over all drawn lines. */
  points: number;
  /** Y axis [min, 1]: down to just below the lowest interval, in whole ticks, so close models stay apart. */
  domain: [number, number];
  /** Y axis ticks: every 10 points, every 20 on a tall axis. */
  ticks: number[];
  interval: AccuracyInterval;
};

const DAY = 86_400_000;

/** Start of the UTC ISO week (Monday), like Postgres date_trunc('week'). */
function weekStart(ms: number): number {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return day - ((d.getUTCDay() + 6) % 7) * DAY;
}

/** Every bucket start (ISO) overlapping [from, to). */
export function accuracyBuckets(from: string, to: string, interval: AccuracyInterval, max = 1000): string[] {
  if (interval === "day") return bucketStarts(from, to, "day", max);
  const end = Date.parse(to);
  const out: string[] = [];
  for (let b = weekStart(Date.parse(from)); b < end && out.length < max; b += 7 * DAY) out.push(new Date(b).toISOString());
  return out;
}

function bucketOf(iso: string, interval: AccuracyInterval): string {
  const ms = Date.parse(iso);
  if (interval === "week") return new Date(weekStart(ms)).toISOString();
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();
}

export function accuracyBucketLabel(iso: string, interval: AccuracyInterval): string {
  return interval === "week" ? `Week of ${bucketLabel(iso, "day")}` : bucketLabel(iso, "day");
}

type Cell = { n: number; sum: number; groups: number; ciLow: number; ciHigh: number };

/**
 * Rows per bucket, one line per model. Several teams or tasks of the same model in one bucket are pooled: the
 * n-weighted mean score with its Wilson interval recomputed for the pooled n (a single group keeps the API's
 * interval as is). At most `maxLines` models, those with the most graded requests.
 */
export function prepareAccuracySeries(input: AccuracySeriesInput, { maxLines = 8 }: { maxLines?: number } = {}): AccuracyChart {
  const buckets = accuracyBuckets(input.from, input.to, input.interval);
  const index = new Map(buckets.map((b, i) => [b, i]));

  const cells = new Map<string, Map<number, Cell>>(); // model -> bucket index -> pooled cell
  for (const r of input.rows) {
    if (!(r.n > 0)) continue;
    const i = index.get(bucketOf(r.bucket, input.interval));
    if (i === undefined) continue; // outside the range asked for
    let byBucket = cells.get(r.model);
    if (!byBucket) cells.set(r.model, (byBucket = new Map()));
    const c = byBucket.get(i) ?? { n: 0, sum: 0, groups: 0, ciLow: r.ciLow, ciHigh: r.ciHigh };
    c.n += r.n;
    c.sum += r.accuracy * r.n;
    c.groups += 1;
    byBucket.set(i, c);
  }

  const ranked = [...cells.entries()]
    .map(([model, byBucket]) => ({ model, byBucket, n: [...byBucket.values()].reduce((s, c) => s + c.n, 0) }))
    .sort((a, b) => b.n - a.n || a.model.localeCompare(b.model));
  const kept = ranked.slice(0, Math.max(1, maxLines));
  const hidden = ranked.slice(kept.length).map((x) => x.model);

  const lines: AccuracyLine[] = kept.map((x, i) => ({
    dataKey: `m${i}`,
    bandKey: `m${i}Band`,
    errorKey: `m${i}Err`,
    nKey: `m${i}N`,
    model: x.model,
    color: SERIES_COLORS[i % SERIES_COLORS.length]!,
    n: x.n,
    points: x.byBucket.size,
  }));

  const data: AccuracyPoint[] = buckets.map((b) => {
    const p: AccuracyPoint = { bucket: b, label: accuracyBucketLabel(b, input.interval) };
    for (const l of lines) {
      p[l.dataKey] = null;
      p[l.bandKey] = null;
      p[l.errorKey] = null;
      p[l.nKey] = null;
    }
    return p;
  });

  let minLow = 1;
  kept.forEach((x, li) => {
    const l = lines[li]!;
    for (const [i, c] of x.byBucket) {
      const mean = c.sum / c.n;
      const ci = c.groups === 1 ? { low: c.ciLow, high: c.ciHigh } : wilson(mean, c.n);
      const acc = round(mean);
      const low = round(Math.min(ci.low, mean));
      const high = round(Math.max(ci.high, mean));
      const p = data[i]!;
      p[l.dataKey] = acc;
      p[l.bandKey] = [low, high];
      p[l.nKey] = c.n;
      // An isolated point has no neighbour to draw a band to: an error bar shows its interval instead.
      if (!x.byBucket.has(i - 1) && !x.byBucket.has(i + 1)) p[l.errorKey] = [round(acc - low), round(high - acc)];
      minLow = Math.min(minLow, low);
    }
  });

  const points = lines.reduce((s, l) => s + l.points, 0);
  let floor = Math.min(0.9, points === 0 ? 0 : Math.max(0, Math.floor((minLow - 0.02) * 10 + 1e-9) / 10));
  const step = 1 - floor > 0.5 ? 0.2 : 0.1;
  floor = round(Math.floor(floor / step + 1e-9) * step); // the bottom of the axis gets a tick too
  const ticks: number[] = [];
  for (let t = 1; t >= floor - 1e-9; t -= step) ticks.unshift(round(t));
  return { lines, data, hidden, points, domain: [floor, 1], ticks, interval: input.interval };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

// ───────────── two arms side by side (swap evidence) ─────────────

export type ArmInput = { label: string; model: string; n: number; accuracy: number; ciLow: number; ciHigh: number };
export type ArmInterval = ArmInput & { /** Positions on the track, 0..100 (%). */ dot: number; low: number; high: number };
export type ArmIntervals = { domain: [number, number]; ticks: { value: number; at: number }[]; arms: ArmInterval[]; threshold: { value: number; at: number } | null };

/**
 * Each arm's accuracy and 95% interval as positions on a shared track, zoomed to the data (whole 10- or 20-point steps) so two
 * close models do not collapse into one dot; `threshold` (the incumbent minus the non-inferiority margin) is the
 * line the candidate must stay above.
 */
export function prepareArmIntervals(arms: readonly ArmInput[], { threshold }: { threshold?: number } = {}): ArmIntervals {
  const values = arms.flatMap((a) => [a.ciLow, a.ciHigh, a.accuracy]).concat(threshold === undefined ? [] : [threshold]);
  const min = values.length ? Math.max(0, Math.min(...values)) : 0;
  const max = values.length ? Math.min(1, Math.max(...values)) : 1;
  const step = max - min > 0.4 ? 0.2 : 0.1;
  // Snap to whole steps (the epsilon absorbs float noise: 0.8 * 10 is 8.000000000000002).
  let lo = Math.max(0, (Math.floor(min / step + 1e-9) * step));
  let hi = Math.min(1, Math.ceil(max / step - 1e-9) * step);
  if (hi - lo < step - 1e-9) {
    if (hi >= 1 - 1e-9) lo = Math.max(0, hi - step);
    else hi = Math.min(1, lo + step);
  }
  const span = hi - lo || 1;
  const at = (v: number) => round(((Math.min(hi, Math.max(lo, v)) - lo) / span) * 100);
  const ticks: { value: number; at: number }[] = [];
  for (let v = lo; v <= hi + 1e-9; v += step) ticks.push({ value: round(v), at: at(v) });
  return {
    domain: [round(lo), round(hi)],
    ticks,
    arms: arms.map((a) => ({ ...a, dot: at(a.accuracy), low: at(Math.min(a.ciLow, a.accuracy)), high: at(Math.max(a.ciHigh, a.accuracy)) })),
    threshold: threshold === undefined ? null : { value: round(threshold), at: at(threshold) },
  };
}
