import { AppError } from "@/lib/api/errors";
import { visibleTeamIds } from "@/lib/auth/permissions";
import { spendGroupSets, spendSeries, teamLabels, type GroupColumn, type SpendFilter, type UsageSums } from "@/lib/db/spend";
import type { SpendGroup, SpendGroupTotal, SpendInterval, SpendOutput, SpendQuery, SpendSummaryOutput, SpendSummaryQuery, SpendTotals } from "@/lib/schemas/spend";
import { assertTeamAccess, type Caller } from "@/lib/services/context";

// Spend over time and its breakdowns, for the dashboard and the API. Team-scoped roles see their own teams only;
// a teamId of another team is a 403 (never an empty answer), like the request log.

// ───────────── money: exact decimal strings <-> integer nano-dollars ─────────────

/** "12.3456" (any NUMERIC text) -> 12345600000n nano-dollars. More than 9 decimals is refused, never rounded. */
export function usdToNano(s: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m || (m[2] === "" && !m[3])) throw new Error(`not a decimal: ${s}`);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > 9) throw new Error(`more than 9 decimals: ${s}`);
  const n = BigInt(m[2] || "0") * 1_000_000_000n + BigInt(frac.padEnd(9, "0") || "0");
  return m[1] ? -n : n;
}

/** 12345600000n -> "12.345600000": always 9 decimals. */
export function nanoToUsd(n: bigint): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  return `${neg ? "-" : ""}${abs / 1_000_000_000n}.${(abs % 1_000_000_000n).toString().padStart(9, "0")}`;
}

/** Any NUMERIC text (or null for an empty sum) -> the API's 9-decimal form. */
export const usd = (s: string | null | undefined): string => nanoToUsd(s ? usdToNano(s) : 0n);

const int = (s: string | null | undefined) => (s ? Number(s) : 0);

function totalsOf(r: UsageSums | undefined): SpendTotals {
  return { requests: int(r?.requests), errors: int(r?.errors), inputTokens: int(r?.input_tokens), outputTokens: int(r?.output_tokens), costUsd: usd(r?.cost_usd) };
}

// ───────────── ranges and scope ─────────────

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Widest range per interval. Hourly buckets read the hourly rollups (a week of them is ~170 buckets per key and
 * stays fast at 10M requests); days and months read whole days from the daily rollups. */
const MAX_SPAN_MS: Record<SpendInterval, number> = { hour: 7 * DAY_MS + HOUR_MS, day: 400 * DAY_MS, month: 10 * 366 * DAY_MS };

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);

/** [from, to) on hour boundaries (rollups are hourly): from rounds down, to rounds up; default the last 7 days. */
export function resolveRange(q: { from?: Date; to?: Date }, interval: SpendInterval = "day", now: Date = new Date()): { from: Date; to: Date } {
  const to = ceilHour(q.to ?? now);
  const from = floorHour(q.from ?? new Date(to.getTime() - 7 * DAY_MS));
  if (from.getTime() >= to.getTime()) throw new AppError("bad_request", "from: must be before to");
  if (to.getTime() - from.getTime() > MAX_SPAN_MS[interval]) {
    const max = { hour: "7 days", day: "400 days", month: "10 years" }[interval];
    throw new AppError("bad_request", `to: a range of at most ${max} with interval=${interval}; use a coarser interval`);
  }
  return { from, to };
}

/** The teams a read covers: null = all (admin, finance), else the caller's teams, or the one asked for (403 if not theirs). */
export function scopeTeams(c: Caller, teamId: string | undefined): string[] | null {
  if (teamId) {
    assertTeamAccess(c, "spend:read", teamId);
    return [teamId];
  }
  return visibleTeamIds(c.actor);
}

const GROUP_COLUMN: Record<SpendGroup, GroupColumn> = { team: "team_id", model: "model_name", provider: "provider_name", task: "task" };

async function teamNames(ids: string[]) {
  const rows = await teamLabels([...new Set(ids)]);
  return new Map(rows.map((t) => [t.id, t]));
}

/** "" (a request that failed before any model was chosen) reads as "(none)". */
const labelOf = (key: string) => (key === "" ? "(none)" : key);

// ───────────── reads ─────────────

/** GET /api/v1/spend: usage per bucket and group key. */
export async function getSpend(c: Caller, q: SpendQuery, now: Date = new Date()): Promise<SpendOutput> {
  const { from, to } = resolveRange(q, q.interval, now);
  const filter: SpendFilter = { from, to, teamIds: scopeTeams(c, q.teamId), model: q.model, provider: q.provider, task: q.task };
  const rows = await spendSeries(filter, q.interval, GROUP_COLUMN[q.groupBy]);
  const teams = q.groupBy === "team" ? await teamNames(rows.map((r) => r.key)) : new Map();
  let total = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cost: 0n };
  const out = rows.map((r) => {
    const t = totalsOf(r);
    total = {
      requests: total.requests + t.requests,
      errors: total.errors + t.errors,
      inputTokens: total.inputTokens + t.inputTokens,
      outputTokens: total.outputTokens + t.outputTokens,
      cost: total.cost + usdToNano(t.costUsd),
    };
    return { bucket: r.bucket, key: r.key, label: q.groupBy === "team" ? (teams.get(r.key)?.name ?? r.key) : labelOf(r.key), ...t };
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    interval: q.interval,
    groupBy: q.groupBy,
    rows: out,
    totals: { requests: total.requests, errors: total.errors, inputTokens: total.inputTokens, outputTokens: total.outputTokens, costUsd: nanoToUsd(total.cost) },
  };
}

const share = (part: bigint | number, whole: bigint | number): number | null => (Number(whole) > 0 ? Number(part) / Number(whole) : null);

/** Highest cost first; ties by requests, then key (stable order for tables and tests). */
function byCost(a: SpendGroupTotal, b: SpendGroupTotal): number {
  const d = usdToNano(b.costUsd) - usdToNano(a.costUsd);
  if (d !== 0n) return d > 0n ? 1 : -1;
  return b.requests - a.requests || a.key.localeCompare(b.key);
}

/** GET /api/v1/spend/summary: totals, in-house vs external, and every team/model/provider/task by cost. */
export async function getSpendSummary(c: Caller, q: SpendSummaryQuery, now: Date = new Date()): Promise<SpendSummaryOutput> {
  const { from, to } = resolveRange(q, "day", now);
  const rows = await spendGroupSets({ from, to, teamIds: scopeTeams(c, q.teamId), model: q.model, provider: q.provider, task: q.task });
  const teams = await teamNames(rows.filter((r) => r.set === "team").map((r) => r.team_id!));
  const group = (r: (typeof rows)[number], key: string, label: string, extra: Partial<SpendGroupTotal> = {}): SpendGroupTotal => {
    const t = totalsOf(r);
    return { key, label, ...t, avgLatencyMs: t.requests > 0 ? Math.round(int(r.latency_ms_sum) / t.requests) : null, ...extra };
  };
  const total = totalsOf(rows.find((r) => r.set === "total"));
  const inHouse = totalsOf(rows.find((r) => r.set === "in_house" && r.in_house === true));
  const external = totalsOf(rows.find((r) => r.set === "in_house" && r.in_house === false));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totals: total,
    inHouse,
    external,
    inHouseShare: { costUsd: share(usdToNano(inHouse.costUsd), usdToNano(total.costUsd)), requests: share(inHouse.requests, total.requests) },
    teams: rows
      .filter((r) => r.set === "team")
      .map((r) => {
        const t = teams.get(r.team_id!);
        return group(r, r.team_id!, t?.name ?? r.team_id!, { costCenter: t?.costCenter ?? null });
      })
      .sort(byCost),
    models: rows
      .filter((r) => r.set === "model")
      .map((r) => group(r, r.model_name!, labelOf(r.model_name!), { provider: r.provider_name!, inHouse: r.in_house ?? false }))
      .sort(byCost),
    providers: rows
      .filter((r) => r.set === "provider")
      .map((r) => group(r, r.provider_name!, labelOf(r.provider_name!), { inHouse: r.in_house ?? false }))
      .sort(byCost),
    tasks: rows
      .filter((r) => r.set === "task")
      .map((r) => group(r, r.task!, labelOf(r.task!)))
      .sort(byCost),
  };
}
