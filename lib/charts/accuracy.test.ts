import { describe, expect, it } from "vitest";
import { wilson } from "@/lib/accuracy/stats";
import { accuracyBuckets, prepareAccuracySeries, type AccuracySeriesRow } from "@/lib/charts/accuracy";

const row = (bucket: string, model: string, accuracy: number, n = 50, over: Partial<AccuracySeriesRow> = {}): AccuracySeriesRow => ({
  bucket,
  teamId: "t1",
  task: "chat",
  model,
  n,
  accuracy,
  ciLow: accuracy - 0.05,
  ciHigh: Math.min(1, accuracy + 0.05),
  ...over,
});

const range = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-06T00:00:00.000Z", interval: "day" as const };
const day = (d: number) => `2026-03-0${d}T00:00:00.000Z`;

describe("prepareAccuracySeries", () => {
  it("no data: every bucket, no lines, nothing drawn", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [] });
    expect(chart.lines).toEqual([]);
    expect(chart.hidden).toEqual([]);
    expect(chart.points).toBe(0);
    expect(chart.data.map((p) => p.label)).toEqual(["Mar 1", "Mar 2", "Mar 3", "Mar 4", "Mar 5"]);
    expect(chart.domain).toEqual([0, 1]);
    expect(chart.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("leaves missing buckets null (a gap), never zero", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [row(day(1), "gpt-4.1", 0.9), row(day(2), "gpt-4.1", 0.8), row(day(5), "gpt-4.1", 0.85)] });
    expect(chart.domain).toEqual([0.7, 1]);
    expect(chart.ticks).toEqual([0.7, 0.8, 0.9, 1]);
    expect(chart.lines).toHaveLength(1);
    expect(chart.lines[0]).toMatchObject({ dataKey: "m0", bandKey: "m0Band", model: "gpt-4.1", n: 150, points: 3 });
    expect(chart.data.map((p) => p.m0)).toEqual([0.9, 0.8, null, null, 0.85]);
    expect(chart.data.map((p) => p.m0Band)).toEqual([[0.85, 0.95], [0.75, 0.85], null, null, [0.8, 0.9]]);
    expect(chart.data.map((p) => p.m0N)).toEqual([50, 50, null, null, 50]);
    expect(chart.data.some((p) => p.m0 === 0)).toBe(false);
  });

  it("marks isolated points with an error bar (a band needs a neighbour)", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [row(day(1), "a", 0.9), row(day(2), "a", 0.8), row(day(4), "a", 0.7)] });
    expect(chart.data.map((p) => p.m0Err)).toEqual([null, null, null, [0.05, 0.05], null]);
  });

  it("a single point: one line, one non-null bucket with its interval as an error bar", () => {
    const chart = prepareAccuracySeries({ from: day(3), to: "2026-03-04T00:00:00.000Z", interval: "day", rows: [row(day(3), "mixtral-8x7b", 0.6, 12, { ciLow: 0.35, ciHigh: 0.8 })] });
    expect(chart.data).toHaveLength(1);
    expect(chart.data[0]).toMatchObject({ bucket: day(3), m0: 0.6, m0Band: [0.35, 0.8], m0Err: [0.25, 0.2], m0N: 12 });
    expect(chart.points).toBe(1);
    expect(chart.domain).toEqual([0.2, 1]);
    expect(chart.ticks).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("one line per model, most graded requests first, with distinct keys and colours", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [row(day(1), "small", 0.7, 10), row(day(1), "big", 0.9, 100), row(day(2), "small", 0.75, 10)] });
    expect(chart.lines.map((l) => [l.dataKey, l.model, l.n])).toEqual([
      ["m0", "big", 100],
      ["m1", "small", 20],
    ]);
    expect(new Set(chart.lines.map((l) => l.color)).size).toBe(2);
    expect(chart.data[0]).toMatchObject({ m0: 0.9, m1: 0.7 });
    expect(chart.data[1]).toMatchObject({ m0: null, m1: 0.75 });
  });

  it("pools teams and tasks of one model per bucket: n-weighted mean, Wilson interval on the pooled n", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [row(day(1), "a", 0.9, 30, { teamId: "t1" }), row(day(1), "a", 0.6, 10, { teamId: "t2", task: "code" })] });
    const mean = (0.9 * 30 + 0.6 * 10) / 40;
    const ci = wilson(mean, 40);
    expect(chart.data[0]!.m0).toBeCloseTo(mean, 4);
    expect(chart.data[0]!.m0N).toBe(40);
    const band = chart.data[0]!.m0Band as [number, number];
    expect(band[0]).toBeCloseTo(ci.low, 4);
    expect(band[1]).toBeCloseTo(ci.high, 4);
  });

  it("caps the number of lines and names the models left out", () => {
    const rows = ["a", "b", "c", "d"].map((m, i) => row(day(1), m, 0.8, 10 * (i + 1)));
    const chart = prepareAccuracySeries({ ...range, rows }, { maxLines: 2 });
    expect(chart.lines.map((l) => l.model)).toEqual(["d", "c"]);
    expect(chart.hidden).toEqual(["b", "a"]);
  });

  it("ignores rows outside the range or without samples, and accepts any ISO spelling", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [row("2026-02-27T00:00:00.000Z", "a", 0.5), row("2026-03-02T00:00:00Z", "a", 0.9), row(day(3), "a", 0.1, 0)] });
    expect(chart.data.map((p) => p.m0)).toEqual([null, 0.9, null, null, null]);
    expect(chart.points).toBe(1);
  });

  it("keeps the band around the point when rounding puts the API's interval on the wrong side", () => {
    const chart = prepareAccuracySeries({ ...range, rows: [row(day(1), "a", 1, 5, { ciLow: 0.57, ciHigh: 0.99999 })] });
    expect(chart.data[0]!.m0Band).toEqual([0.57, 1]);
    expect(chart.data[0]!.m0Err).toEqual([0.43, 0]);
  });

  it("weekly buckets start on Monday (like date_trunc('week')) and are labelled as weeks", () => {
    // 2026-03-04 is a Wednesday: its week starts Monday 2026-03-02.
    const weekly = { from: "2026-03-04T00:00:00.000Z", to: "2026-03-20T00:00:00.000Z", interval: "week" as const };
    expect(accuracyBuckets(weekly.from, weekly.to, "week")).toEqual(["2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z", "2026-03-16T00:00:00.000Z"]);
    const chart = prepareAccuracySeries({ ...weekly, rows: [row("2026-03-16T00:00:00.000Z", "a", 0.8), row("2026-03-11T13:00:00.000Z", "a", 0.7)] });
    expect(chart.data.map((p) => [p.label, p.m0])).toEqual([
      ["Week of Mar 2", null],
      ["Week of Mar 9", 0.7],
      ["Week of Mar 16", 0.8],
    ]);
  });
});

describe("prepareArmIntervals", async () => {
  const { prepareArmIntervals } = await import("@/lib/charts/accuracy");
  const arm = (label: string, accuracy: number, ciLow: number, ciHigh: number) => ({ label, model: label, n: 200, accuracy, ciLow, ciHigh });

  it("zooms to the data in 10-point steps and places dots, intervals and the threshold on the track", () => {
    const out = prepareArmIntervals([arm("incumbent", 0.86, 0.81, 0.9), arm("candidate", 0.85, 0.8, 0.89)], { threshold: 0.84 });
    expect(out.domain).toEqual([0.8, 0.9]);
    expect(out.ticks.map((t) => [t.value, t.at])).toEqual([
      [0.8, 0],
      [0.9, 100],
    ]);
    expect(out.arms.map((a) => [a.dot, a.low, a.high])).toEqual([
      [60, 10, 100],
      [50, 0, 90],
    ]);
    expect(out.threshold).toEqual({ value: 0.84, at: 40 });
  });

  it("a wide spread uses 20-point ticks; no arms gives the full 0..1 track", () => {
    expect(prepareArmIntervals([arm("a", 0.3, 0.1, 0.5), arm("b", 0.9, 0.85, 0.95)]).ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const empty = prepareArmIntervals([]);
    expect(empty.domain).toEqual([0, 1]);
    expect(empty.threshold).toBeNull();
  });

  it("a perfect score keeps a non-empty track", () => {
    const out = prepareArmIntervals([arm("a", 1, 1, 1)]);
    expect(out.domain).toEqual([0.9, 1]);
    expect(out.arms[0]!.dot).toBe(100);
  });
});
