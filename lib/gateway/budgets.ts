import crypto from "node:crypto";
import os from "node:os";
import { acquireLease, periodStart, releaseLeases, renewLeases, recordBlocked, type BudgetScopeKind } from "@/lib/db/budgets";
import type { LogRecord } from "@/lib/db/request-log";
import type { KeyRuntime, TeamRuntime } from "@/lib/gateway/snapshot";
import { logWriter } from "@/lib/gateway/log-writer";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/runtime/shutdown";

// Hard monthly budgets without a database round trip per request. Each instance holds a lease of budget
// headroom per (team or key, month), granted under a row lock so that spent + all leases <= limit across every
// instance. A request reserves its maximum cost (max output tokens at the dearest model of its chain) from the
// local lease in memory, and settles its actual cost after; the log writer turns spent lease into spend in the
// same transaction as the request rows. Only when the local lease runs short does a request wait for one small
// transaction to top it up. So concurrent requests, on one instance or many, cannot overspend the limit beyond
// the error of a cost estimate. Leases expire if an instance dies, and unused headroom is given back. While the
// database is unreachable, a budgeted team is served from the lease held and then refused with a 503.

const TTL_MS = 60_000;
const RENEW_MS = 10_000;
const IDLE_GIVE_BACK_MS = 20_000;
const EXHAUSTED_MEMO_MS = 250; // after a refused top-up, refuse at once for a moment instead of asking again

type Entry = {
  scope: BudgetScopeKind;
  scopeId: string;
  teamId: string;
  period: string;
  limitUsd: number;
  leaseNano: number; // what the database holds for this instance
  reservedNano: number; // in flight: maximum costs of admitted requests
  consumedNano: number; // settled actual costs not yet written by the log writer
  lastUsedMs: number;
  acquiring: Promise<void> | null;
  exhaustedAtMs: number;
  spentNano: number; // as last seen in the database
};

export type Reservation = { owner: string; entries: Entry[]; nano: number; settled: boolean };
export type Refusal = { refused: true; scope: BudgetScopeKind; limitUsd: number; spentUsd: number; teamName: string; unavailable?: boolean };

const free = (e: Entry) => e.leaseNano - e.reservedNano - e.consumedNano;

export class BudgetManager {
  readonly instanceId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  private entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private warnedAtMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether a monthly budget covers requests of this team and key. */
  applies(team: TeamRuntime, key: KeyRuntime): boolean {
    return team.monthlyBudgetUsd !== null || key.monthlyBudgetUsd !== null;
  }

  /** null: no budget applies. Otherwise a reservation, or a refusal to answer with 429. */
  admit(team: TeamRuntime, key: KeyRuntime, maxCost: () => number): Reservation | Refusal | null | Promise<Reservation | Refusal | null> {
    const scopes: [BudgetScopeKind, string, number][] = [];
    if (team.monthlyBudgetUsd !== null) scopes.push(["team", team.id, team.monthlyBudgetUsd]);
    if (key.monthlyBudgetUsd !== null) scopes.push(["api_key", key.id, key.monthlyBudgetUsd]);
    if (scopes.length === 0) return null;
    const maxCostNano = maxCost();
    const period = periodStart(new Date(this.now()));
    const entries = scopes.map(([scope, id, limit]) => this.entry(scope, id, team.id, period, limit));
    // Fast path: every scope has the headroom in memory.
    if (entries.every((e) => free(e) >= maxCostNano)) return this.reserve(entries, maxCostNano);
    return this.admitSlow(team, entries, maxCostNano);
  }

  private async admitSlow(team: TeamRuntime, entries: Entry[], need: number): Promise<Reservation | Refusal | null> {
    for (const e of entries) {
      for (let tries = 0; free(e) < need && tries < 3; tries++) {
        if (this.now() - e.exhaustedAtMs < EXHAUSTED_MEMO_MS) break;
        try {
          await this.topUp(e, need);
        } catch (err) {
          // The database cannot grant more headroom. A hard budget stays hard: the lease this instance already
          // holds keeps serving, but beyond it the request is refused (503) rather than admitted unaccounted.
          // Teams without a budget are not affected at all.
          if (this.now() - this.warnedAtMs > 30_000) {
            this.warnedAtMs = this.now();
            logger.warn("budgets: cannot reach the database to reserve budget headroom", { error: (err as Error).message });
          }
          return { refused: true, unavailable: true, scope: e.scope, limitUsd: e.limitUsd, spentUsd: (e.spentNano + e.consumedNano) / 1e9, teamName: team.name };
        }
      }
      if (free(e) < need) {
        const refusal: Refusal = { refused: true, scope: e.scope, limitUsd: e.limitUsd, spentUsd: (e.spentNano + e.consumedNano) / 1e9, teamName: team.name };
        void recordBlocked(e.scope, e.scopeId, e.teamId, e.period, e.spentNano, e.limitUsd).catch(() => {});
        return refusal;
      }
    }
    // Topping up a second scope awaited: the first may have been drawn down meanwhile. Reserve only if all fit.
    if (entries.some((e) => free(e) < need)) return this.admitSlow(team, entries, need);
    return this.reserve(entries, need);
  }

  private topUp(e: Entry, need: number): Promise<void> {
    e.acquiring ??= (async () => {
      try {
        const missing = Math.max(0, need - free(e));
        const want = Math.max(missing, need * 4, Math.round(e.limitUsd * 1e9 * 0.02));
        const g = await acquireLease({ scope: e.scope, scopeId: e.scopeId, teamId: e.teamId, period: e.period, instanceId: this.instanceId, needNano: missing, wantNano: want, now: new Date(this.now()), ttlMs: TTL_MS });
        // Add the grant rather than copy the database's total: the log writer may have converted part of the
        // lease (and told us, via written()) between that transaction's read and this line.
        e.leaseNano += g.grantedNano;
        e.spentNano = Math.max(e.spentNano, g.spentNano);
        if (g.limitNano === null) e.leaseNano = Number.MAX_SAFE_INTEGER; // the budget was removed since the snapshot
        if (g.grantedNano === 0 && g.limitNano !== null) e.exhaustedAtMs = this.now();
      } finally {
        e.acquiring = null;
      }
    })();
    return e.acquiring;
  }

  private reserve(entries: Entry[], nano: number): Reservation {
    const t = this.now();
    for (const e of entries) {
      e.reservedNano += nano;
      e.lastUsedMs = t;
    }
    this.startRenewing();
    return { owner: this.instanceId, entries, nano, settled: false };
  }

  /** After the request: its maximum leaves the reservation, its actual cost waits for the log writer. */
  settle(r: Reservation, actualNano: number): void {
    if (r.settled) return;
    r.settled = true;
    for (const e of r.entries) {
      e.reservedNano -= r.nano;
      e.consumedNano += actualNano;
    }
  }

  /** The log writer wrote these rows: their cost moved from our lease to spent in the database. */
  written(records: readonly LogRecord[]): void {
    for (const r of records) {
      if (r.leaseOwner !== this.instanceId || r.costNanoUsd <= 0) continue;
      const period = periodStart(r.createdAt);
      for (const [scope, id] of [["team", r.teamId], ["api_key", r.apiKeyId]] as const) {
        const e = id ? this.entries.get(`${scope}:${id}:${period}`) : undefined;
        if (!e) continue;
        e.consumedNano = Math.max(0, e.consumedNano - r.costNanoUsd);
        e.leaseNano = Math.max(0, e.leaseNano - r.costNanoUsd);
        e.spentNano += r.costNanoUsd;
      }
    }
  }

  private entry(scope: BudgetScopeKind, scopeId: string, teamId: string, period: string, limitUsd: number): Entry {
    const k = `${scope}:${scopeId}:${period}`;
    let e = this.entries.get(k);
    if (!e) {
      e = { scope, scopeId, teamId, period, limitUsd, leaseNano: 0, reservedNano: 0, consumedNano: 0, lastUsedMs: 0, acquiring: null, exhaustedAtMs: 0, spentNano: 0 };
      this.entries.set(k, e);
    }
    if (e.limitUsd !== limitUsd) {
      // The admin changed the limit: forget the refusal memo so the next request asks the database again.
      e.limitUsd = limitUsd;
      e.exhaustedAtMs = 0;
    }
    return e;
  }

  private startRenewing() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.renew().catch(() => {}), RENEW_MS);
    this.timer.unref();
  }

  /** Keep live leases alive; give back what idle scopes do not need; forget finished months. */
  async renew(): Promise<void> {
    const t = this.now();
    const list = [];
    for (const [k, e] of this.entries) {
      if (e.leaseNano === Number.MAX_SAFE_INTEGER) {
        this.entries.delete(k);
        continue;
      }
      const busy = e.reservedNano + e.consumedNano;
      const keep = t - e.lastUsedMs < IDLE_GIVE_BACK_MS ? e.leaseNano : busy;
      if (keep < e.leaseNano) e.leaseNano = keep;
      list.push({ scope: e.scope, scopeId: e.scopeId, period: e.period, amountNano: e.leaseNano });
      if (busy === 0 && e.leaseNano === 0 && t - e.lastUsedMs > 10 * IDLE_GIVE_BACK_MS) this.entries.delete(k);
    }
    await renewLeases(this.instanceId, list, new Date(t), TTL_MS);
  }

  /** Shutdown: the instance's headroom goes back at once (else it would wait for the lease to expire). */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.entries.clear();
    // With Ctrl-C the embedded database gets the signal too and may already be going: the leases then simply
    // expire after TTL_MS, so failing here is not worth a warning.
    await releaseLeases(this.instanceId).catch((err: Error) => logger.debug("budgets: leases left to expire", { error: err.message }));
  }

  /** For tests and status: the local view of a scope. */
  inspect(scope: BudgetScopeKind, scopeId: string, at = new Date(this.now())) {
    const e = this.entries.get(`${scope}:${scopeId}:${periodStart(at)}`);
    return e ? { leaseNano: e.leaseNano, reservedNano: e.reservedNano, consumedNano: e.consumedNano } : null;
  }
}

const g = globalThis as unknown as { __switchyardBudgets?: BudgetManager };
export function budgets(): BudgetManager {
  if (!g.__switchyardBudgets) {
    const b = new BudgetManager();
    g.__switchyardBudgets = b;
    logWriter().afterWrite.push((batch) => b.written(batch));
    registerShutdownHook("budget-leases", () => b.release());
  }
  return g.__switchyardBudgets;
}
