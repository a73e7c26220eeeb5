import { pgPool } from "@/lib/db/pg-pool";
import { nanoToDecimal } from "@/lib/db/request-log";

// Budget periods and leases (see BudgetLease in the schema). Money crosses this boundary as integer nano-dollars
// (JS numbers stay exact below 2^53 nano = $9M) and is NUMERIC(18,9) in the database.

export type BudgetScopeKind = "team" | "api_key";
export type LeaseGrant = { limitNano: number | null; spentNano: number; grantedNano: number; leaseNano: number };

const toNano = (v: string | null) => (v === null ? 0 : Math.round(Number(v) * 1e9));

/** The first day of the UTC month of `at`, as YYYY-MM-DD. */
export function periodStart(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/**
 * Grants this instance up to `wantNano` more headroom (at least `needNano`, else nothing) under a row lock on the
 * period: spent + every live lease + grant <= the limit read fresh from the team or key row. Leases of other
 * instances that have expired (crashed or partitioned) do not count.
 */
export async function acquireLease(o: {
  scope: BudgetScopeKind;
  scopeId: string;
  teamId: string;
  period: string;
  instanceId: string;
  needNano: number;
  wantNano: number;
  now: Date;
  ttlMs: number;
}): Promise<LeaseGrant> {
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO budget_periods (scope, scope_id, period_start, team_id, spent_usd, reserved_usd, updated_at)
       VALUES ($1::"BudgetScope", $2, $3::date, $4, 0, 0, $5::timestamp(3)) ON CONFLICT DO NOTHING`,
      [o.scope, o.scopeId, o.period, o.teamId, o.now.toISOString()],
    );
    const { rows } = await client.query<{ spent: string; limit: string | null; others: string; mine: string | null }>(
      `SELECT bp.spent_usd::text AS spent,
              (CASE WHEN $1 = 'team' THEN (SELECT monthly_budget_usd FROM teams WHERE id = $2)
                    ELSE (SELECT monthly_budget_usd FROM api_keys WHERE id = $2) END)::text AS limit,
              (SELECT coalesce(sum(amount_usd), 0) FROM budget_leases l WHERE l.scope = bp.scope AND l.scope_id = bp.scope_id
                 AND l.period_start = bp.period_start AND l.instance_id <> $4 AND l.expires_at > $5::timestamp(3))::text AS others,
              (SELECT amount_usd FROM budget_leases l WHERE l.scope = bp.scope AND l.scope_id = bp.scope_id
                 AND l.period_start = bp.period_start AND l.instance_id = $4)::text AS mine
         FROM budget_periods bp WHERE bp.scope = $1::"BudgetScope" AND bp.scope_id = $2 AND bp.period_start = $3::date FOR UPDATE`,
      [o.scope, o.scopeId, o.period, o.instanceId, o.now.toISOString()],
    );
    const r = rows[0]!;
    const spentNano = toNano(r.spent);
    const mineNano = toNano(r.mine);
    if (r.limit === null) {
      await client.query("COMMIT");
      return { limitNano: null, spentNano, grantedNano: 0, leaseNano: mineNano };
    }
    const limitNano = toNano(r.limit);
    const available = limitNano - spentNano - toNano(r.others) - mineNano;
    const granted = available >= o.needNano ? Math.min(o.wantNano, available) : 0;
    const leaseNano = mineNano + granted;
    await client.query(
      `INSERT INTO budget_leases (scope, scope_id, period_start, instance_id, amount_usd, expires_at, updated_at)
       VALUES ($1::"BudgetScope", $2, $3::date, $4, $5::numeric, $6::timestamp(3), $7::timestamp(3))
       ON CONFLICT (scope, scope_id, period_start, instance_id) DO UPDATE SET amount_usd = EXCLUDED.amount_usd, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
      [o.scope, o.scopeId, o.period, o.instanceId, nanoToDecimal(leaseNano), new Date(o.now.getTime() + o.ttlMs).toISOString(), o.now.toISOString()],
    );
    await client.query("COMMIT");
    return { limitNano, spentNano, grantedNano: granted, leaseNano };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Keeps this instance's leases alive, and sets each to what it still needs (giving unused headroom back). */
export async function renewLeases(instanceId: string, leases: { scope: BudgetScopeKind; scopeId: string; period: string; amountNano: number }[], now: Date, ttlMs: number): Promise<void> {
  if (leases.length === 0) return;
  await pgPool().query(
    `UPDATE budget_leases l SET amount_usd = least(l.amount_usd, v.amount), expires_at = $6::timestamp(3), updated_at = $7::timestamp(3)
       FROM unnest($1::"BudgetScope"[], $2::text[], $3::date[], $4::numeric[]) AS v(scope, scope_id, period_start, amount)
      WHERE l.scope = v.scope AND l.scope_id = v.scope_id AND l.period_start = v.period_start AND l.instance_id = $5`,
    [leases.map((l) => l.scope), leases.map((l) => l.scopeId), leases.map((l) => l.period), leases.map((l) => nanoToDecimal(l.amountNano)), instanceId, new Date(now.getTime() + ttlMs).toISOString(), now.toISOString()],
  );
}

export async function releaseLeases(instanceId: string): Promise<void> {
  await pgPool().query(`DELETE FROM budget_leases WHERE instance_id = $1`, [instanceId]);
}

/** A refusal, recorded once per scope and month (the dashboard shows when a team hit its limit). */
export async function recordBlocked(scope: BudgetScopeKind, scopeId: string, teamId: string, period: string, spentNano: number, limitUsd: number): Promise<void> {
  await pgPool().query(
    `INSERT INTO budget_events (id, team_id, scope, scope_id, period_start, kind, threshold_pct, spent_usd, limit_usd, created_at)
     VALUES ('bev_' || md5($2::text || $3::text || $4::text || 'blocked'), $1, $2::text::"BudgetScope", $3, $4::text::date, 'blocked', 100, $5::numeric, $6::numeric, $7::timestamp(3))
     ON CONFLICT DO NOTHING`,
    [teamId, scope, scopeId, period, nanoToDecimal(spentNano), String(limitUsd), new Date().toISOString()],
  );
}
