import type { SimulateOutput } from "@/lib/schemas/simulator";

// The what-if simulator's chart, prepared: quality (y) against the share of prompts sent to the strong model (x) for
// the router's sweep, the random router (the straight line from all-weak to all-strong, its expectation) and the
// candidate policy's point. Pure, so the component only draws.

export type SimPoint = { x: number; y: number; cost: number | null; pgr: number | null };

export type SimulatorChart = {
  router: SimPoint[];
  random: SimPoint[];
  policy: SimPoint | null;
  domain: [number, number];
  ticks: number[];
};

/** Round steps (0.01, 0.02, 0.05, 0.1, ...) giving about five ticks over the span. */
function step(span: number): number {
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
}

export function prepareSimulatorChart(sim: Pick<SimulateOutput, "enough" | "metrics" | "curve" | "policy" | "cost">): SimulatorChart | null {
  if (!sim.enough || !sim.metrics || sim.curve.length === 0) return null;
  const { strongQuality, weakQuality } = sim.metrics;
  const router = sim.curve.map((p) => ({ x: p.strongFraction, y: p.quality, cost: p.cost, pgr: p.pgr }));
  const gap = strongQuality - weakQuality;
  const pgrOf = (y: number) => (gap > 1e-9 ? (y - weakQuality) / gap : null);
  const random = [
    { x: 0, y: weakQuality, cost: sim.cost?.allWeak ?? null, pgr: pgrOf(weakQuality) },
    { x: 1, y: strongQuality, cost: sim.cost?.allStrong ?? null, pgr: pgrOf(strongQuality) },
  ];
  const policy = sim.policy ? { x: 1 - sim.policy.weakShare, y: sim.policy.quality, cost: sim.policy.cost, pgr: sim.policy.pgr } : null;

  const ys = [...router, ...random, ...(policy ? [policy] : [])].map((p) => p.y);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi - lo < 0.02) [lo, hi] = [lo - 0.01, hi + 0.01];
  const s = step(hi - lo);
  const min = Math.max(0, Math.floor(lo / s) * s);
  const max = Math.min(Math.max(1, hi), Math.ceil(hi / s) * s);
  const ticks: number[] = [];
  for (let t = min; t <= max + s / 2; t += s) ticks.push(Math.round(t * 1e6) / 1e6);
  return { router, random, policy, domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}
