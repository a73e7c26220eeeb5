import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg-pool";
import { loadDemoData } from "@/lib/demo-upstream/data";
import { seedDemo } from "@/lib/services/demo-seed";
import { generateHistory, seedDemoHistory } from "@/lib/services/demo-history";

// The demo's first start seeds ~30 days of history through seedDemo (one database per test run, so this file is
// the only one to seed it). The rows, hourly and daily rollups and the teams' month spend must agree exactly.

describe("demo history", () => {
  it("is seeded once with the demo, fast, and every figure agrees with the request rows", async () => {
    const t0 = performance.now();
    const seeded = await seedDemo({ password: "demo-password-for-tests", upstreamPort: 3999 });
    const ms = performance.now() - t0;
    expect(seeded).not.toBeNull();
    expect(ms).toBeLessThan(20_000); // a sanity bound on a shared machine; the history alone is ~1.5-3 s (see docs/spend.md)
    expect(await seedDemoHistory()).toBeNull(); // once per database

    const teams = await prisma.team.findMany({ where: { slug: { in: ["platform", "support", "research", "data"] } }, select: { id: true } });
    const ids = teams.map((t) => t.id);
    const q = async (sql: string) => (await pgPool().query(sql, [ids])).rows[0] as Record<string, string>;
    const raw = await q(`SELECT count(*)::text n, sum(cost_usd)::text c, count(*) FILTER (WHERE status = 'error')::text e, count(*) FILTER (WHERE fallback)::text f,
      count(*) FILTER (WHERE in_house)::text ih, count(DISTINCT task)::text tasks, min(created_at)::text first, max(created_at)::text last FROM request_logs WHERE team_id = ANY($1)`);
    const hourly = await q(`SELECT sum(requests)::text n, sum(cost_usd)::text c, sum(errors)::text e FROM usage_rollups WHERE team_id = ANY($1)`);
    const daily = await q(`SELECT sum(requests)::text n, sum(cost_usd)::text c FROM usage_rollups_daily WHERE team_id = ANY($1)`);
    const budget = await q(`SELECT sum(spent_usd)::text c FROM budget_periods WHERE scope = 'team' AND scope_id = ANY($1)`);

    const n = Number(raw.n);
    expect(n).toBeGreaterThan(10_000);
    expect(n).toBeLessThan(60_000);
    expect(hourly.n).toBe(raw.n);
    expect(daily.n).toBe(raw.n);
    expect(hourly.e).toBe(raw.e);
    expect(Number(hourly.c)).toBeGreaterThan(0);
    expect([hourly.c, daily.c, budget.c].map((c) => Number(c).toFixed(9))).toEqual(Array(3).fill(Number(raw.c).toFixed(9)));
    // A few errors and fallbacks, a real in-house share, every kind of task.
    expect(Number(raw.e) / n).toBeGreaterThan(0.005);
    expect(Number(raw.e) / n).toBeLessThan(0.05);
    expect(Number(raw.f)).toBeGreaterThan(0);
    expect(Number(raw.ih) / n).toBeGreaterThan(0.1);
    expect(Number(raw.tasks)).toBeGreaterThanOrEqual(6);
    expect(Date.now() - new Date(`${raw.last}Z`).getTime()).toBeLessThan(3_600_000 * 2);
    expect(Date.now() - new Date(`${raw.first}Z`).getTime()).toBeGreaterThan(29 * 86_400_000);
  });

  it("follows office hours and weekdays, and is the same for the same seed", () => {
    const teams = [{ id: "t1", slug: "platform" }];
    const m = { id: "m", name: "gpt-4o-mini", providerId: "p", providerName: "P", inHouse: false, inMicro: 150_000, outMicro: 600_000 };
    const args = { now: new Date("2026-03-16T00:00:00Z"), days: 14, seed: 7, data: loadDemoData(), teams, models: new Map([[m.name, m]]), rules: new Map([["t1", new Map([["*", [m.name]]])]]) };
    const a = generateHistory(args);
    expect(generateHistory(args).map((r) => r.id)).toEqual(a.map((r) => r.id));
    const hour = (r: (typeof a)[number]) => new Date(r.createdAt).getUTCHours();
    const day = (r: (typeof a)[number]) => new Date(r.createdAt).getUTCDay();
    expect(a.filter((r) => hour(r) === 10).length).toBeGreaterThan(4 * a.filter((r) => hour(r) === 3).length);
    const weekday = a.filter((r) => day(r) === 3).length; // Wednesdays
    const sunday = a.filter((r) => day(r) === 0).length;
    expect(weekday).toBeGreaterThan(2.5 * sunday);
    // Priced like the gateway: integer nano-dollars from micro-dollars per million tokens.
    const r = a.find((x) => x.status === "success")!;
    expect(r.costNano).toBe(Math.round((r.inputTokens * 150_000 + r.outputTokens * 600_000) / 1000));
  });
});
