import { prisma } from "@/lib/db/client";
import pg from "pg";
import { env } from "@/lib/env";

// Spend reads: only the rollups (kind = live), never the raw request log. Whole UTC days come from
// usage_rollups_daily (kept equal to the hourly rollups by triggers, in the same transaction), the partial days at
// either end of a range from the hourly usage_rollups: a 90-day query reads ~24x fewer rows than hourly alone, and
// the result is the same to the nano-dollar. Sums stay NUMERIC in SQL and come back as text: money is exact until
// the very edge. Timestamps are passed and read as UTC text (the columns are `timestamp without time zone` holding
// UTC), so neither the server's nor Node's time zone can shift a bucket.

export type SpendFilter = { from: Date; to: Date; teamIds: string[] | null; model?: string; provider?: string; task?: string };
export type GroupColumn = "team_id" | "model_name" | "provider_name" | "task";

/** Sums as text: exact NUMERIC for money, bigint for counts (Number()-safe far beyond any real volume). */
export type UsageSums = { requests: string; errors: string; input_tokens: string; output_tokens: string; cost_usd: string; latency_ms_sum: string };

const SUMS = `sum(requests)::text AS requests, sum(errors)::text AS errors, sum(input_tokens)::text AS input_tokens,
  sum(output_tokens)::text AS output_tokens, sum(cost_usd)::text AS cost_usd, sum(latency_ms_sum)::text AS latency_ms_sum`;
const COLS = "team_id, model_name, provider_name, task, in_house, requests, errors, input_tokens, output_tokens, cost_usd, latency_ms_sum";

// Reports get their own small pool: a burst of dashboard reads must never hold the connections the gateway's log
// writer needs (lib/db/pg-pool.ts), nor the other way round.
const g = globalThis as unknown as { __switchyardSpendPool?: pg.Pool };
function spendPool(): pg.Pool {
  if (!g.__switchyardSpendPool) {
    g.__switchyardSpendPool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5000, query_timeout: 30_000 });
    g.__switchyardSpendPool.on("error", () => {}); // an idle client dropped by the server: the next query reconnects
  }
  return g.__switchyardSpendPool;
}

/** Closes the report pool (scripts and benchmarks that exit cleanly). */
export async function closeSpendPool(): Promise<void> {
  await g.__switchyardSpendPool?.end();
  g.__switchyardSpendPool = undefined;
}

/** A read-only transaction with room to hash-aggregate in memory: the planner misjudges the number of groups of
 * date_trunc(...) x key and would otherwise sort on disk under the default 4 MB work_mem (2x slower at 10M rows). */
async function read<T extends object>(sql: string, params: unknown[]): Promise<T[]> {
  const client = await spendPool().connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query("SET LOCAL work_mem = '64MB'");
    const rows = (await client.query<T>(sql, params)).rows;
    await client.query("COMMIT");
    return rows;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

const utcText = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const DAY_MS = 86_400_000;

/** Rollup rows of [from, to) with the filters, as one relation `r` with an hour-or-day `bucket` column. Daily rows
 * serve whole days unless hourly buckets are needed; hourly rows serve the rest. */
function rollups(f: SpendFilter, params: unknown[], { hourly = false }: { hourly?: boolean } = {}): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const dims: string[] = [`kind = 'live'`];
  if (f.teamIds) dims.push(`team_id = ANY(${p(f.teamIds)}::text[])`);
  if (f.model !== undefined) dims.push(`model_name = ${p(f.model)}`);
  if (f.provider !== undefined) dims.push(`provider_name = ${p(f.provider)}`);
  if (f.task !== undefined) dims.push(`task = ${p(f.task)}`);
  const cond = dims.join(" AND ");
  // Leading on bucket/day serves the primary keys for all-team reads; team_id = ANY serves the (team_id, ...) indexes.
  const hours = (a: Date, b: Date) => `SELECT bucket, ${COLS} FROM usage_rollups WHERE bucket >= ${p(a.toISOString())}::timestamp AND bucket < ${p(b.toISOString())}::timestamp AND ${cond}`;
  const days = (a: Date, b: Date) => `SELECT day::timestamp AS bucket, ${COLS} FROM usage_rollups_daily WHERE day >= ${p(a.toISOString().slice(0, 10))}::date AND day < ${p(b.toISOString().slice(0, 10))}::date AND ${cond}`;
  const firstDay = new Date(Math.ceil(f.from.getTime() / DAY_MS) * DAY_MS);
  const lastDay = new Date(Math.floor(f.to.getTime() / DAY_MS) * DAY_MS);
  if (hourly || firstDay >= lastDay) return `(${hours(f.from, f.to)}) r`;
  const parts = [days(firstDay, lastDay)];
  if (f.from < firstDay) parts.push(hours(f.from, firstDay));
  if (lastDay < f.to) parts.push(hours(lastDay, f.to));
  return `(${parts.join(" UNION ALL ")}) r`;
}

export type SeriesRow = UsageSums & { bucket: string; key: string };

/** Usage per UTC hour/day/month bucket and group key, ordered by bucket then key. */
export async function spendSeries(f: SpendFilter, interval: "hour" | "day" | "month", group: GroupColumn): Promise<SeriesRow[]> {
  const params: unknown[] = [interval];
  const sql = `SELECT ${utcText("date_trunc($1, bucket)")} AS bucket, ${group} AS key, ${SUMS}
    FROM ${rollups(f, params, { hourly: interval === "hour" })}
    GROUP BY date_trunc($1, bucket), ${group} ORDER BY 1, 2`;
  return read<SeriesRow>(sql, params);
}

export type GroupSetRow = UsageSums & {
  set: "total" | "in_house" | "team" | "model" | "provider" | "task";
  team_id: string | null;
  model_name: string | null;
  provider_name: string | null;
  task: string | null;
  in_house: boolean | null;
};

// GROUPING() bits, first argument highest: 1 = that column is aggregated away in this row's grouping set.
const SETS: Record<number, GroupSetRow["set"]> = { 0b11111: "total", 0b11110: "in_house", 0b01111: "team", 0b10011: "model", 0b11011: "provider", 0b11101: "task" };

/** Totals, in-house vs external, and per team / model (+ provider) / provider / task. The rows are first summed
 * per team x model x provider x task (hundreds of rows however long the range), then grouped six ways. */
export async function spendGroupSets(f: SpendFilter): Promise<GroupSetRow[]> {
  const params: unknown[] = [];
  const sql = `SELECT GROUPING(team_id, model_name, provider_name, task, in_house) AS g, team_id, model_name, provider_name, task,
      CASE WHEN GROUPING(in_house) = 0 THEN in_house ELSE bool_or(in_house) END AS in_house, ${SUMS}
    FROM (
      SELECT team_id, model_name, provider_name, task, in_house, sum(requests) AS requests, sum(errors) AS errors, sum(input_tokens) AS input_tokens,
        sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd, sum(latency_ms_sum) AS latency_ms_sum
      FROM ${rollups(f, params)} GROUP BY 1, 2, 3, 4, 5
    ) s
    GROUP BY GROUPING SETS ((), (in_house), (team_id), (model_name, provider_name), (provider_name), (task))`;
  const rows = await read<Omit<GroupSetRow, "set"> & { g: number }>(sql, params);
  return rows.map(({ g, ...r }) => ({ ...r, set: SETS[Number(g)]! }));
}

export type StatementLineRow = UsageSums & { team_id: string; provider_name: string; model_name: string; task: string; in_house: boolean };

/** One line per team x provider x model x task for [from, to), optionally only teams of one cost centre. */
export async function statementLines(f: { from: Date; to: Date; teamIds: string[] | null; costCenter?: string }): Promise<StatementLineRow[]> {
  const params: unknown[] = [];
  const source = rollups({ from: f.from, to: f.to, teamIds: f.teamIds }, params);
  let cond = "";
  if (f.costCenter !== undefined) {
    params.push(f.costCenter);
    cond = `WHERE team_id IN (SELECT id FROM teams WHERE cost_center = $${params.length})`;
  }
  const sql = `SELECT team_id, provider_name, model_name, task, bool_or(in_house) AS in_house, ${SUMS}
    FROM ${source} ${cond}
    GROUP BY team_id, provider_name, model_name, task`;
  return read<StatementLineRow>(sql, params);
}

/** Realized savings of completed swaps, per team (NUMERIC text). */
export async function completedSwapSavings(teamIds: string[]): Promise<Map<string, string>> {
  if (teamIds.length === 0) return new Map();
  const rows = (
    await spendPool().query<{ team_id: string; savings: string }>(
      `SELECT team_id, sum(realized_savings_usd)::text AS savings FROM swap_proposals WHERE status = 'completed' AND team_id = ANY($1::text[]) GROUP BY team_id`,
      [teamIds],
    )
  ).rows;
  return new Map(rows.map((r) => [r.team_id, r.savings]));
}

export type TeamLabel = { id: string; name: string; slug: string; costCenter: string | null };

export function teamLabels(ids: string[]): Promise<TeamLabel[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return prisma.team.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, slug: true, costCenter: true } });
}

/** Teams a statement can be asked for (all, or the caller's), archived ones too: their history still bills. */
export function listStatementTeams(teamIds: string[] | null): Promise<TeamLabel[]> {
  return prisma.team.findMany({ where: teamIds ? { id: { in: teamIds } } : {}, select: { id: true, name: true, slug: true, costCenter: true }, orderBy: { name: "asc" } });
}
