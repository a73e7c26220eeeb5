import { describe, expect, it } from "vitest";
import { bucketLabel, bucketStarts } from "@/lib/charts/buckets";
import { OTHER_KEY, bucketRange, prepareShare, prepareStackedSeries, prepareTopRows, prepareUsageSeries, type SpendRowInput } from "@/lib/charts/spend";

const row = (bucket: string, key: string, costUsd: string, over: Partial<SpendRowInput> = {}): SpendRowInput => ({
  bucket,
  key,
  label: key.toUpperCase(),
  requests: 1,
  inputTokens: 10,
  outputTokens: 5,
  costUsd,
  ...over,
});

describe("bucketStarts", () => {
  it.each([
    ["hour", "2026-03-01T22:00:00Z", "2026-03-02T01:00:00Z", ["2026-03-01T22:00:00.000Z", "2026-03-01T23:00:00.000Z", "2026-03-02T00:00:00.000Z"]],
    ["day", "2026-02-27T10:00:00Z", "2026-03-02T00:00:00Z", ["2026-02-27T00:00:00.000Z", "2026-02-28T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]],
    ["month", "2025-11-15T00:00:00Z", "2026-02-01T00:00:00Z", ["2025-11-01T00:00:00.000Z", "2025-12-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]],
    ["day", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", []],
  ] as const)("%s from %s to %s", (interval, from, to, want) => {
    expect(bucketStarts(from, to, interval)).toEqual(want);
  });

  it("labels buckets in UTC", () => {
    expect(bucketLabel("2026-03-05T14:00:00.000Z", "hour")).toBe("Mar 5, 14:00");
    expect(bucketLabel("2026-03-05T14:00:00.000Z", "hour", { withDate: false })).toBe("14:00");
    expect(bucketLabel("2026-03-05T00:00:00.000Z", "day")).toBe("Mar 5");
    expect(bucketLabel("2026-12-01T00:00:00.000Z", "month")).toBe("Dec 2026");
  });
});

describe("prepareStackedSeries", () => {
  const range = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-05T00:00:00.000Z", interval: "day" as const };

  it("fills missing buckets with 0 for every series (gappy data)", () => {
    const chart = prepareStackedSeries({ ...range, rows: [row("2026-03-01T00:00:00.000Z", "a", "1.500000000"), row("2026-03-04T00:00:00.000Z", "b", "2.000000000")] });
    expect(chart.data.map((p) => p.bucket)).toEqual(["2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z", "2026-03-04T00:00:00.000Z"]);
    expect(chart.series.map((s) => [s.dataKey, s.key, s.label])).toEqual([
      ["s0", "b", "B"],
      ["s1", "a", "A"],
    ]);
    expect(chart.data.map((p) => [p.s0, p.s1, p.total])).toEqual([
      [0, 1.5, 1.5],
      [0, 0, 0],
      [0, 0, 0],
      [2, 0, 2],
    ]);
    expect(chart.total).toBe(3.5);
  });

  it("a single point gives one bucket with its value", () => {
    const chart = prepareStackedSeries({ from: "2026-03-01T10:00:00Z", to: "2026-03-01T11:00:00Z", interval: "hour", rows: [row("2026-03-01T10:00:00.000Z", "a", "0.000001000")] });
    expect(chart.data).toHaveLength(1);
    expect(chart.data[0]).toMatchObject({ bucket: "2026-03-01T10:00:00.000Z", label: "Mar 1, 10:00", s0: 0.000001, total: 0.000001 });
  });

  it("no rows: zero-filled buckets and no series", () => {
    const chart = prepareStackedSeries({ ...range, rows: [] });
    expect(chart.series).toEqual([]);
    expect(chart.data).toHaveLength(4);
    expect(chart.data.every((p) => p.total === 0)).toBe(true);
    expect(chart.total).toBe(0);
  });

  it("keeps the largest keys and merges the rest into Other, in every bucket", () => {
    const rows = ["a", "b", "c", "d", "e"].map((k, i) => row("2026-03-02T00:00:00.000Z", k, `${i + 1}.000000000`));
    rows.push(row("2026-03-03T00:00:00.000Z", "a", "10.000000000"));
    const chart = prepareStackedSeries({ ...range, rows }, { maxSeries: 3 });
    expect(chart.series.map((s) => s.key)).toEqual(["a", "e", OTHER_KEY]);
    expect(chart.series[2]).toMatchObject({ dataKey: "other", label: "Other (3)", total: 2 + 3 + 4 });
    expect(chart.data[1]).toMatchObject({ s0: 1, s1: 5, other: 9, total: 15 });
    expect(chart.data[2]).toMatchObject({ s0: 10, s1: 0, other: 0 });
  });

  it("uses safe data keys for names with dots, and other metrics on request", () => {
    const chart = prepareStackedSeries({ ...range, rows: [row("2026-03-01T00:00:00.000Z", "gpt-4.1", "1.000000000", { requests: 7 })] }, { metric: "requests" });
    expect(chart.series[0]).toMatchObject({ dataKey: "s0", key: "gpt-4.1" });
    expect(chart.data[0]!.s0).toBe(7);
  });

  it("ignores rows outside the range and accepts any ISO spelling of a bucket", () => {
    const chart = prepareStackedSeries({ ...range, rows: [row("2026-02-20T00:00:00.000Z", "a", "5.000000000"), row("2026-03-02T00:00:00Z", "a", "1.000000000")] });
    expect(chart.data.map((p) => p.total)).toEqual([0, 6 - 5, 0, 0]);
  });
});

describe("prepareUsageSeries", () => {
  it("sums tokens and requests across keys per bucket and fills gaps with 0", () => {
    const data = prepareUsageSeries({
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-01T03:00:00Z",
      interval: "hour",
      rows: [row("2026-03-01T00:00:00.000Z", "a", "1"), row("2026-03-01T00:00:00.000Z", "b", "1", { requests: 2, inputTokens: 1, outputTokens: 1, errors: 1 }), row("2026-03-01T02:00:00.000Z", "a", "1")],
    });
    expect(data.map((p) => [p.label, p.requests, p.inputTokens, p.outputTokens, p.errors])).toEqual([
      ["Mar 1, 00:00", 3, 11, 6, 1],
      ["Mar 1, 01:00", 0, 0, 0, 0],
      ["Mar 1, 02:00", 1, 10, 5, 0],
    ]);
  });

  it("empty range, empty data", () => {
    expect(prepareUsageSeries({ from: "2026-03-01T00:00:00Z", to: "2026-03-01T00:00:00Z", interval: "hour", rows: [] })).toEqual([]);
  });
});

describe("prepareShare", () => {
  it("splits cost and requests in-house vs external", () => {
    const s = { inHouse: { costUsd: "1.000000000", requests: 30 }, external: { costUsd: "3.000000000", requests: 10 } };
    expect(prepareShare(s).map((x) => [x.name, x.value, x.fraction])).toEqual([
      ["In-house", 1, 0.25],
      ["External", 3, 0.75],
    ]);
    expect(prepareShare(s, "requests").map((x) => x.fraction)).toEqual([0.75, 0.25]);
  });

  it("nothing to share: no slices (never 0/0)", () => {
    expect(prepareShare({ inHouse: { costUsd: "0.000000000", requests: 0 }, external: { costUsd: "0.000000000", requests: 0 } })).toEqual([]);
  });
});

describe("prepareTopRows and bucketRange", () => {
  it("ranks by cost with each row's share, capped", () => {
    const rows = [{ key: "a", costUsd: "1.0" }, { key: "b", costUsd: "3.0" }, { key: "c", costUsd: "0" }];
    expect(prepareTopRows(rows, 2).map((r) => [r.key, r.fraction])).toEqual([
      ["b", 0.75],
      ["a", 0.25],
    ]);
    expect(prepareTopRows([{ key: "z", costUsd: "0" }])[0]!.fraction).toBe(0);
  });

  it("gives the period a bucket covers, clipped to the range", () => {
    expect(bucketRange("2026-03-01T10:00:00.000Z", "hour")).toEqual({ from: "2026-03-01T10:00:00.000Z", to: "2026-03-01T11:00:00.000Z" });
    expect(bucketRange("2026-12-01T00:00:00.000Z", "month")).toEqual({ from: "2026-12-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
    expect(bucketRange("2026-03-01T00:00:00.000Z", "day", { from: "2026-03-01T06:00:00.000Z", to: "2026-03-09T00:00:00.000Z" })).toEqual({
      from: "2026-03-01T06:00:00.000Z",
      to: "2026-03-02T00:00:00.000Z",
    });
  });
});

describe("presetRange and allowedIntervals", async () => {
  const { presetRange, allowedIntervals } = await import("@/lib/charts/ranges");
  const now = new Date("2026-03-10T14:25:00Z");

  it.each([
    ["24h", "2026-03-09T15:00:00.000Z", "2026-03-10T15:00:00.000Z", "hour"],
    ["7d", "2026-03-04T00:00:00.000Z", "2026-03-11T00:00:00.000Z", "day"],
    ["30d", "2026-02-09T00:00:00.000Z", "2026-03-11T00:00:00.000Z", "day"],
    ["90d", "2025-12-11T00:00:00.000Z", "2026-03-11T00:00:00.000Z", "day"],
  ] as const)("%s", (preset, from, to, interval) => {
    expect(presetRange(preset, now)).toEqual({ from, to, defaultInterval: interval });
  });

  it("custom dates include the end date, in either order; invalid falls back to 7 days", () => {
    expect(presetRange("custom", now, { from: "2026-01-31", to: "2026-01-01" })).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z", defaultInterval: "day" });
    expect(presetRange("custom", now, { from: "2026-01-01", to: "2026-01-01" }).defaultInterval).toBe("hour");
    expect(presetRange("custom", now, { from: "nope", to: "2026-01-01" }).from).toBe("2026-03-04T00:00:00.000Z");
  });

  it("hourly buckets only up to 7 days", () => {
    expect(allowedIntervals(presetRange("7d", now))).toEqual(["hour", "day", "month"]);
    expect(allowedIntervals(presetRange("30d", now))).toEqual(["day", "month"]);
  });
});
