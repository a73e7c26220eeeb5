import { describe, expect, it } from "vitest";
import { prepareSimulatorChart } from "@/lib/charts/simulator";

const sim = {
  enough: true,
  metrics: { n: 6, strongQuality: 0.96, weakQuality: 0.853, apgr: 0.6, cpt50: 0.12, cpt80: 0.84, aiq: 0.93 },
  curve: [
    { strongFraction: 0, quality: 0.853, pgr: 0, cost: 0.24 },
    { strongFraction: 0.5, quality: 0.93, pgr: 0.72, cost: 10.12 },
    { strongFraction: 1, quality: 0.96, pgr: 1, cost: 20 },
  ],
  policy: { tolerance: 0.02, teamTolerance: 0.02, weakShare: 0.25, quality: 0.94, pgr: 0.81, cost: 15.06, savingVsStrong: 0.247, byTask: [] },
  cost: { basis: "blended_price" as const, unit: "usd_per_mtok" as const, allStrong: 20, allWeak: 0.24, actual: null, actualRequests: 0 },
};

describe("prepareSimulatorChart", () => {
  it("draws the router's sweep, the random diagonal from all-weak to all-strong, and the policy at its strong share", () => {
    const c = prepareSimulatorChart(sim)!;
    expect(c.router.map((p) => [p.x, p.y, p.cost])).toEqual([
      [0, 0.853, 0.24],
      [0.5, 0.93, 10.12],
      [1, 0.96, 20],
    ]);
    expect(c.random).toEqual([
      { x: 0, y: 0.853, cost: 0.24, pgr: 0 },
      { x: 1, y: 0.96, cost: 20, pgr: 1 },
    ]);
    expect(c.policy).toEqual({ x: 0.75, y: 0.94, cost: 15.06, pgr: 0.81 });
    // 0.853..0.96 -> steps of 0.05 from 0.85 to 1
    expect(c.ticks).toEqual([0.85, 0.9, 0.95, 1]);
    expect(c.domain).toEqual([0.85, 1]);
  });

  it("draws nothing without a measurement (the page shows its empty state instead of a zero line)", () => {
    expect(prepareSimulatorChart({ ...sim, enough: false, metrics: null, curve: [], policy: null, cost: null })).toBeNull();
  });

  it("widens a flat curve so it is visible, and leaves PGR out when there is no gap", () => {
    const flat = { ...sim, metrics: { ...sim.metrics, strongQuality: 0.8, weakQuality: 0.8 }, curve: sim.curve.map((p) => ({ ...p, quality: 0.8, pgr: null })), policy: null };
    const c = prepareSimulatorChart(flat)!;
    expect(c.domain[0]).toBeLessThan(0.8);
    expect(c.domain[1]).toBeGreaterThan(0.8);
    expect(c.random.map((p) => p.pgr)).toEqual([null, null]);
    expect(c.policy).toBeNull();
  });
});
