import { prisma } from "@/lib/db/client";
import { periodStart } from "@/lib/db/budgets";
import { pgPool } from "@/lib/db/pg-pool";

export type TrafficKind = "live" | "shadow" | "eval";
export type RequestStatus = "success" | "error" | "incomplete" | "cancelled";

/** One gateway request, as the log writer holds it until it is written. */
export type LogRecord = {
  id: string;
  createdAt: Date;
  teamId: string;
  apiKeyId: string | null;
  kind: TrafficKind;
  endpoint: string;
  task: string;
  requestedModel: string;
  modelId: string | null;
  modelName: string | null;
  providerId: string | null;
  providerName: string | null;
  inHouse: boolean;
  status: RequestStatus;
  httpStatus: number;
  errorCode: string | null;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  costNanoUsd: number; // integer nano-dollars; formatted exactly when written
  latencyMs: number;
  ttftMs: number | null;
  attempts: number;
  fallback: boolean;
  routeReason: string | null;
  attemptLog: unknown[] | null;
  userTag: string | null;
  requestBody: unknown;
  responseBody: unknown;
  /** The instance whose budget lease admitted the request: its lease turns into spend when the row is written. */
  leaseOwner?: string | null;
};

export function nanoToDecimal(nano: number): string {
  const n = BigInt(Math.round(nano));
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0");
  return `${neg ? "-" : ""}${whole}.${frac}`;
}

/** Postgres text and jsonb refuse NUL and unpaired surrogates; a client-supplied `user` or stored body may carry
 * them. Clean every string so one request can never make a whole batch unwritable. */
const cleanText = (s: string) => s.replace(/\u0000/g, "").toWellFormed();
const text = (v: string | null) => (v === null ? null : cleanText(v));
const json = (v: unknown) =>
  v === null || v === undefined ? null : JSON.stringify(v, (_k, x: unknown) => (typeof x === "string" ? cleanText(x) : x)).replace(/\\u0000/g, "");
const hour = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

const INSERT_LOGS = `
  INSERT INTO request_logs (id, created_at, team_id, api_key_id, kind, endpoint, task, requested_model, model_id,
    model_name, provider_id, provider_name, in_house, status, http_status, error_code, stream, input_tokens,
    output_tokens, usage_estimated, cost_usd, latency_ms, ttft_ms, attempts, fallback, route_reason, attempt_log,
    user_tag, request_body, response_body)
  SELECT * FROM unnest($1::text[], $2::timestamp(3)[], $3::text[], $4::text[], $5::"TrafficKind"[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[], $14::"RequestStatus"[],
    $15::int[], $16::text[], $17::boolean[], $18::int[], $19::int[], $20::boolean[], $21::numeric[], $22::int[],
    $23::int[], $24::int[], $25::boolean[], $26::text[], $27::jsonb[], $28::text[], $29::jsonb[], $30::jsonb[])
  ON CONFLICT DO NOTHING
  RETURNING id`;

const UPSERT_ROLLUPS = `
  INSERT INTO usage_rollups (bucket, team_id, model_name, provider_name, task, kind, in_house, requests, errors,
    input_tokens, output_tokens, cost_usd, latency_ms_sum)
  SELECT * FROM unnest($1::timestamp(3)[], $2::text[], $3::text[], $4::text[], $5::text[], $6::"TrafficKind"[],
    $7::boolean[], $8::int[], $9::int[], $10::bigint[], $11::bigint[], $12::numeric[], $13::bigint[])
  ON CONFLICT (bucket, team_id, model_name, provider_name, task, kind) DO UPDATE SET
    requests = usage_rollups.requests + EXCLUDED.requests,
    errors = usage_rollups.errors + EXCLUDED.errors,
    input_tokens = usage_rollups.input_tokens + EXCLUDED.input_tokens,
    output_tokens = usage_rollups.output_tokens + EXCLUDED.output_tokens,
    cost_usd = usage_rollups.cost_usd + EXCLUDED.cost_usd,
    latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum`;

/** Insert a batch exactly once (ON CONFLICT on the request id) and add only the rows actually inserted to the
 * hourly rollups, in one transaction: a retried batch can never double-count. Returns how many were new. */
export async function writeRequestLogBatch(records: LogRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const col = <T>(f: (r: LogRecord) => T) => records.map(f);
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    const inserted = await client.query<{ id: string }>(INSERT_LOGS, [
      col((r) => r.id), col((r) => r.createdAt.toISOString()), col((r) => r.teamId), col((r) => r.apiKeyId), col((r) => r.kind),
      col((r) => r.endpoint), col((r) => text(r.task)), col((r) => text(r.requestedModel)), col((r) => r.modelId), col((r) => r.modelName),
      col((r) => r.providerId), col((r) => r.providerName), col((r) => r.inHouse), col((r) => r.status), col((r) => r.httpStatus),
      col((r) => text(r.errorCode)), col((r) => r.stream), col((r) => r.inputTokens), col((r) => r.outputTokens), col((r) => r.usageEstimated),
      col((r) => nanoToDecimal(r.costNanoUsd)), col((r) => r.latencyMs), col((r) => r.ttftMs), col((r) => r.attempts), col((r) => r.fallback),
      col((r) => text(r.routeReason)), col((r) => json(r.attemptLog)), col((r) => text(r.userTag)), col((r) => json(r.requestBody)), col((r) => json(r.responseBody)),
    ]);
    if (inserted.rows.length > 0) {
      const fresh = new Set(inserted.rows.map((r) => r.id));
      await applyBudgetSpend(client, records.filter((r) => fresh.has(r.id) && r.kind === "live"));
      const gs = rollupGroups(records, fresh);
      await client.query(UPSERT_ROLLUPS, [
        gs.map((g) => g.bucket.toISOString()), gs.map((g) => g.teamId), gs.map((g) => g.modelName), gs.map((g) => g.providerName),
        gs.map((g) => g.task), gs.map((g) => g.kind), gs.map((g) => g.inHouse), gs.map((g) => g.requests), gs.map((g) => g.errors),
        gs.map((g) => g.inputTokens), gs.map((g) => g.outputTokens), gs.map((g) => nanoToDecimal(g.costNano)), gs.map((g) => g.latencyMsSum),
      ]);
    }
    await client.query("COMMIT");
    return inserted.rows.length;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

const APPLY_SPEND = `
  WITH v AS (
    SELECT * FROM unnest($1::"BudgetScope"[], $2::text[], $3::date[], $4::text[], $5::numeric[]) AS v(scope, scope_id, period_start, team_id, cost)
  ), spent AS (
    INSERT INTO budget_periods (scope, scope_id, period_start, team_id, spent_usd, reserved_usd, updated_at)
    SELECT scope, scope_id, period_start, team_id, cost, 0, $6::timestamp(3) FROM v
    ON CONFLICT (scope, scope_id, period_start) DO UPDATE SET spent_usd = budget_periods.spent_usd + EXCLUDED.spent_usd, updated_at = EXCLUDED.updated_at
    RETURNING scope, scope_id, period_start, team_id, spent_usd
  )
  INSERT INTO budget_events (id, team_id, scope, scope_id, period_start, kind, threshold_pct, spent_usd, limit_usd, created_at)
  SELECT 'bev_' || md5(s.scope || s.scope_id || s.period_start || th), s.team_id, s.scope, s.scope_id, s.period_start, 'threshold', th, s.spent_usd, t.monthly_budget_usd, $6::timestamp(3)
    FROM spent s JOIN teams t ON s.scope = 'team' AND t.id = s.scope_id
    CROSS JOIN LATERAL unnest(t.budget_alert_thresholds) AS th
   WHERE t.monthly_budget_usd IS NOT NULL AND t.monthly_budget_usd > 0 AND s.spent_usd >= t.monthly_budget_usd * th / 100
  ON CONFLICT DO NOTHING`;

const CONVERT_LEASES = `
  UPDATE budget_leases l SET amount_usd = greatest(0, l.amount_usd - v.cost)
    FROM unnest($1::"BudgetScope"[], $2::text[], $3::date[], $4::text[], $5::numeric[]) AS v(scope, scope_id, period_start, instance_id, cost)
   WHERE l.scope = v.scope AND l.scope_id = v.scope_id AND l.period_start = v.period_start AND l.instance_id = v.instance_id`;


/** Spend per team (and per key) and month, counted from the rows just inserted, in the same transaction: spend is
 * exactly once like the rows. Threshold crossings become budget events (once per threshold and month). The leases
 * that admitted these requests shrink by the same amounts, so headroom moves from reserved to spent. */
async function applyBudgetSpend(client: import("pg").PoolClient, records: LogRecord[]) {
  const spend = new Map<string, { scope: "team" | "api_key"; scopeId: string; period: string; teamId: string; nano: number }>();
  const leases = new Map<string, { scope: "team" | "api_key"; scopeId: string; period: string; owner: string; nano: number }>();
  for (const r of records) {
    if (r.costNanoUsd <= 0) continue;
    const period = periodStart(r.createdAt);
    const scopes: ["team" | "api_key", string][] = [["team", r.teamId]];
    if (r.apiKeyId) scopes.push(["api_key", r.apiKeyId]);
    for (const [scope, scopeId] of scopes) {
      const k = `${scope}\u0000${scopeId}\u0000${period}`;
      const g = spend.get(k) ?? { scope, scopeId, period, teamId: r.teamId, nano: 0 };
      g.nano += r.costNanoUsd;
      spend.set(k, g);
      if (r.leaseOwner) {
        const lk = `${k}\u0000${r.leaseOwner}`;
        const l = leases.get(lk) ?? { scope, scopeId, period, owner: r.leaseOwner, nano: 0 };
        l.nano += r.costNanoUsd;
        leases.set(lk, l);
      }
    }
  }
  if (spend.size === 0) return;
  const gs = [...spend.values()];
  await client.query(APPLY_SPEND, [gs.map((g) => g.scope), gs.map((g) => g.scopeId), gs.map((g) => g.period), gs.map((g) => g.teamId), gs.map((g) => nanoToDecimal(g.nano)), new Date().toISOString()]);
  if (leases.size) {
    const ls = [...leases.values()];
    await client.query(CONVERT_LEASES, [ls.map((l) => l.scope), ls.map((l) => l.scopeId), ls.map((l) => l.period), ls.map((l) => l.owner), ls.map((l) => nanoToDecimal(l.nano))]);
  }
}

type RollupGroup = {
  bucket: Date; teamId: string; modelName: string; providerName: string; task: string; kind: TrafficKind; inHouse: boolean;
  requests: number; errors: number; inputTokens: number; outputTokens: number; costNano: number; latencyMsSum: number;
};

function rollupGroups(records: LogRecord[], fresh: Set<string>): RollupGroup[] {
  const groups = new Map<string, RollupGroup>();
  for (const r of records) {
    if (!fresh.has(r.id)) continue;
    const bucket = hour(r.createdAt);
    const key = [bucket.getTime(), r.teamId, r.modelName ?? "", r.providerName ?? "", r.task, r.kind].join("\u0000");
    let g = groups.get(key);
    if (!g) {
      g = { bucket, teamId: r.teamId, modelName: r.modelName ?? "", providerName: r.providerName ?? "", task: r.task, kind: r.kind, inHouse: r.inHouse, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costNano: 0, latencyMsSum: 0 };
      groups.set(key, g);
    }
    g.requests += 1;
    g.errors += r.status === "success" ? 0 : 1;
    g.inputTokens += r.inputTokens;
    g.outputTokens += r.outputTokens;
    g.costNano += r.costNanoUsd;
    g.latencyMsSum += r.latencyMs;
  }
  return [...groups.values()];
}

export function findRequestLogForTeam(id: string, teamId: string) {
  return prisma.requestLog.findFirst({ where: { id, teamId }, select: { id: true, createdAt: true, task: true, modelName: true, teamId: true } });
}

export function findRequestLogById(id: string) {
  return prisma.requestLog.findFirst({ where: { id }, select: { id: true, createdAt: true, task: true, modelName: true, teamId: true } });
}
