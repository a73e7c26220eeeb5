import type { Interval } from "@/lib/charts/buckets";

// The dashboard's date range presets, as UTC [from, to) aligned so every bucket is whole: "24h" is the last 24
// full-or-current hours, "7d"/"30d"/"90d" the last N UTC days including today, custom a span of UTC dates.

export const PRESETS = ["24h", "7d", "30d", "90d", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const startOfDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type Range = { from: string; to: string; defaultInterval: Interval };

export function presetRange(preset: Preset, now: Date, custom?: { from?: string; to?: string }): Range {
  if (preset === "24h") {
    const to = Math.ceil(now.getTime() / HOUR) * HOUR;
    return { from: new Date(to - DAY).toISOString(), to: new Date(to).toISOString(), defaultInterval: "hour" };
  }
  if (preset === "custom" && custom?.from && custom.to && DATE.test(custom.from) && DATE.test(custom.to)) {
    let a = Date.parse(`${custom.from}T00:00:00Z`);
    let b = Date.parse(`${custom.to}T00:00:00Z`);
    if (b < a) [a, b] = [b, a];
    const to = b + DAY; // the end date is included
    return { from: new Date(a).toISOString(), to: new Date(to).toISOString(), defaultInterval: to - a <= 2 * DAY ? "hour" : to - a > 180 * DAY ? "month" : "day" };
  }
  const days = preset === "90d" ? 90 : preset === "30d" ? 30 : 7;
  const to = startOfDay(now) + DAY;
  return { from: new Date(to - days * DAY).toISOString(), to: new Date(to).toISOString(), defaultInterval: "day" };
}

/** Intervals that make sense for a range (the API refuses hourly buckets past 7 days). */
export function allowedIntervals(range: { from: string; to: string }): Interval[] {
  const span = Date.parse(range.to) - Date.parse(range.from);
  return span <= 7 * DAY ? ["hour", "day", "month"] : ["day", "month"];
}
