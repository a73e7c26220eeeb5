import { bucketLabel, bucketStarts, type Interval } from "@/lib/charts/buckets";

// Pure preparers for the spend charts: API rows in, exactly what recharts draws out. Every bucket of the range is
// present (spend fills missing buckets with 0: no traffic cost nothing), the many keys of a breakdown are cut
// to the largest few plus "Other", and series get safe data keys ("s0", "s1", ...: recharts reads a dataKey
// with a dot as a path, and model names have dots). Money arrives as exact decimal strings and becomes a
// number only here, for drawing.

export type SpendRowInput = { bucket: string; key: string; label: string; requests: number; errors?: number; inputTokens: number; outputTokens: number; costUsd: string };
export type SeriesInput = { from: string; to: string; interval: Interval; rows: SpendRowInput[] };
export type Metric = "costUsd" | "requests" | "inputTokens" | "outputTokens";

export const OTHER_KEY = "__other__";

/** Colour-blind-friendly categorical palette (Okabe-Ito order, then Tableau), "Other" in neutral grey. */
export const SERIES_COLORS = ["#4f46e5", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#0072b2", "#b8a31f", "#8c564b"];
export const OTHER_COLOR = "#a1a1aa";

export type Series = { dataKey: string; key: string; label: string; color: string; total: number };
export type StackedPoint = { bucket: string; label: string; total: number } & Record<string, number | string>;
export type StackedChart = { series: Series[]; data: StackedPoint[]; total: number; interval: Interval };

const value = (r: SpendRowInput, metric: Metric) => (metric === "costUsd" ? Number(r.costUsd) : r[metric]);

/** Stacked values per bucket for the `maxSeries` largest keys (by total over the range), the rest as "Other". */
export function prepareStackedSeries(input: SeriesInput, { metric = "costUsd", maxSeries = 8 }: { metric?: Metric; maxSeries?: number } = {}): StackedChart {
  const totals = new Map<string, { label: string; total: number }>();
  for (const r of input.rows) {
    const t = totals.get(r.key) ?? { label: r.label, total: 0 };
    t.total += value(r, metric);
    totals.set(r.key, t);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
  const keep = ranked.length > maxSeries ? ranked.slice(0, Math.max(1, maxSeries - 1)) : ranked;
  const rest = ranked.slice(keep.length);
  const series: Series[] = keep.map(([key, t], i) => ({ dataKey: `s${i}`, key, label: t.label, color: SERIES_COLORS[i % SERIES_COLORS.length]!, total: t.total }));
  if (rest.length > 0) {
    series.push({ dataKey: "other", key: OTHER_KEY, label: `Other (${rest.length})`, color: OTHER_COLOR, total: rest.reduce((s, [, t]) => s + t.total, 0) });
  }
  const dataKeyOf = new Map(series.filter((s) => s.key !== OTHER_KEY).map((s) => [s.key, s.dataKey]));

  const buckets = bucketStarts(input.from, input.to, input.interval);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const data: StackedPoint[] = buckets.map((b) => {
    const p: StackedPoint = { bucket: b, label: bucketLabel(b, input.interval), total: 0 };
    for (const s of series) p[s.dataKey] = 0;
    return p;
  });
  for (const r of input.rows) {
    const i = index.get(normalise(r.bucket));
    if (i === undefined) continue; // outside the range asked for: not drawn
    const p = data[i]!;
    const k = dataKeyOf.get(r.key) ?? "other";
    const v = value(r, metric);
    p[k] = (p[k] as number) + v;
    p.total += v;
  }
  return { series, data, total: series.reduce((s, x) => s + x.total, 0), interval: input.interval };
}

export type UsagePoint = { bucket: string; label: string; inputTokens: number; outputTokens: number; requests: number; errors: number };

/** Tokens (input, output) and requests per bucket, all keys together; missing buckets are 0. */
export function prepareUsageSeries(input: SeriesInput): UsagePoint[] {
  const buckets = bucketStarts(input.from, input.to, input.interval);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const data = buckets.map((b) => ({ bucket: b, label: bucketLabel(b, input.interval), inputTokens: 0, outputTokens: 0, requests: 0, errors: 0 }));
  for (const r of input.rows) {
    const i = index.get(normalise(r.bucket));
    if (i === undefined) continue;
    const p = data[i]!;
    p.inputTokens += r.inputTokens;
    p.outputTokens += r.outputTokens;
    p.requests += r.requests;
    p.errors += r.errors ?? 0;
  }
  return data;
}

export type ShareSlice = { name: "In-house" | "External"; value: number; fraction: number; color: string };

/** In-house vs external slices of cost (or requests). Empty when there is nothing to share, so no 0/0 pie. */
export function prepareShare(s: { inHouse: { costUsd: string; requests: number }; external: { costUsd: string; requests: number } }, metric: "costUsd" | "requests" = "costUsd"): ShareSlice[] {
  const a = metric === "costUsd" ? Number(s.inHouse.costUsd) : s.inHouse.requests;
  const b = metric === "costUsd" ? Number(s.external.costUsd) : s.external.requests;
  const total = a + b;
  if (!(total > 0)) return [];
  return [
    { name: "In-house", value: a, fraction: a / total, color: "#009e73" },
    { name: "External", value: b, fraction: b / total, color: "#4f46e5" },
  ];
}

export type RankedRow<T> = T & { fraction: number };

/** Table rows with each one's share of the total cost, largest first, at most `limit`. */
export function prepareTopRows<T extends { costUsd: string }>(rows: readonly T[], limit = 10): RankedRow<T>[] {
  const total = rows.reduce((s, r) => s + Number(r.costUsd), 0);
  return [...rows]
    .sort((a, b) => Number(b.costUsd) - Number(a.costUsd))
    .slice(0, limit)
    .map((r) => ({ ...r, fraction: total > 0 ? Number(r.costUsd) / total : 0 }));
}

/** The [from, to) a bucket covers, clipped to the range asked for: what a drill-down into it filters on. */
export function bucketRange(bucket: string, interval: Interval, clip?: { from: string; to: string }): { from: string; to: string } {
  const start = new Date(bucket);
  const end = interval === "hour" ? new Date(start.getTime() + 3_600_000) : interval === "day" ? new Date(start.getTime() + 86_400_000) : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const from = clip && new Date(clip.from) > start ? new Date(clip.from) : start;
  const to = clip && new Date(clip.to) < end ? new Date(clip.to) : end;
  return { from: from.toISOString(), to: to.toISOString() };
}

const normalise = (iso: string) => new Date(iso).toISOString();
