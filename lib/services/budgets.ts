import { AppError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/client";
import { periodStart } from "@/lib/db/budgets";
import { findTeam } from "@/lib/db/teams";
import type { TeamBudgetOutput } from "@/lib/schemas/teams";
import { assertTeamAccess, iso, num, type Caller } from "@/lib/services/context";

// A team's budget this month: limit, spend (exactly what the request log says), headroom instances hold, alerts.

export async function getTeamBudget(c: Caller, teamId: string, now = new Date()): Promise<TeamBudgetOutput> {
  assertTeamAccess(c, "spend:read", teamId);
  const team = await findTeam(teamId);
  if (!team) throw new AppError("not_found", "No such team");
  const period = periodStart(now);
  const periodDate = new Date(`${period}T00:00:00Z`);
  const [periods, leases, events, keys] = await Promise.all([
    prisma.budgetPeriod.findMany({ where: { teamId, periodStart: periodDate }, select: { scope: true, scopeId: true, spentUsd: true } }),
    prisma.budgetLease.groupBy({ by: ["scope", "scopeId"], where: { periodStart: periodDate, expiresAt: { gt: now }, scopeId: teamId, scope: "team" }, _sum: { amountUsd: true } }),
    prisma.budgetEvent.findMany({ where: { teamId, periodStart: periodDate }, orderBy: { createdAt: "asc" } }),
    prisma.apiKey.findMany({ where: { teamId, monthlyBudgetUsd: { not: null }, revokedAt: null }, select: { id: true, name: true, monthlyBudgetUsd: true } }),
  ]);
  const spentOf = (scope: "team" | "api_key", id: string) => num(periods.find((p) => p.scope === scope && p.scopeId === id)?.spentUsd) ?? 0;
  const limit = num(team.monthlyBudgetUsd);
  const spent = spentOf("team", teamId);
  return {
    teamId,
    periodStart: period,
    limitUsd: limit,
    spentUsd: spent,
    reservedUsd: num(leases[0]?._sum.amountUsd) ?? 0,
    percent: limit ? Math.round((spent / limit) * 10_000) / 100 : null,
    thresholds: team.budgetAlertThresholds,
    events: events.map((e) => ({ kind: e.kind, thresholdPct: e.thresholdPct, spentUsd: Number(e.spentUsd), limitUsd: Number(e.limitUsd), createdAt: e.createdAt.toISOString(), webhookSentAt: iso(e.webhookSentAt) })),
    keys: keys.map((k) => ({ keyId: k.id, name: k.name, limitUsd: Number(k.monthlyBudgetUsd), spentUsd: spentOf("api_key", k.id) })),
  };
}
