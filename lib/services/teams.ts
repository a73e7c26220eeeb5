import crypto from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/client";
import * as repo from "@/lib/db/teams";
import { hashApiKey } from "@/lib/gateway/snapshot";
import type { ApiKeyCreateInput, ApiKeyOutput, TeamCreateInput, TeamMemberInput, TeamOutput, TeamUpdateInput } from "@/lib/schemas/teams";
import { recordAudit } from "@/lib/services/audit";
import { assertTeamAccess, auditBy, iso, num, type Caller } from "@/lib/services/context";
import { visibleTeamIds } from "@/lib/auth/permissions";
import { checkBaseUrl } from "@/lib/gateway/upstream-guard";
import { currentAllowlist } from "@/lib/services/upstream-allowlist";

// Teams, their members and their gateway keys. Team-scoped roles (team_lead, viewer) reach only the teams they
// belong to: every function taking a teamId checks it, whatever the route did.

function toTeamOutput(t: repo.TeamRow): TeamOutput {
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    costCenter: t.costCenter,
    monthlyBudgetUsd: num(t.monthlyBudgetUsd),
    budgetAlertThresholds: t.budgetAlertThresholds,
    budgetWebhookUrl: t.budgetWebhookUrl,
    storeBodies: t.storeBodies,
    archivedAt: iso(t.archivedAt),
    memberCount: t._count.members,
    activeKeyCount: t.activeKeyCount,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

const teamAudit = (t: repo.TeamRow) => ({ name: t.name, slug: t.slug, costCenter: t.costCenter, monthlyBudgetUsd: num(t.monthlyBudgetUsd), budgetAlertThresholds: t.budgetAlertThresholds, budgetWebhookUrl: t.budgetWebhookUrl, storeBodies: t.storeBodies, archivedAt: iso(t.archivedAt) });

async function teamOrThrow(c: Caller, scope: Parameters<typeof assertTeamAccess>[1], teamId: string): Promise<repo.TeamRow> {
  assertTeamAccess(c, scope, teamId);
  const t = await repo.findTeam(teamId);
  if (!t) throw new AppError("not_found", "No such team");
  return t;
}

export async function listTeams(c: Caller, q: { archived?: "true" | "false" } = {}): Promise<TeamOutput[]> {
  const archived = q.archived === undefined ? false : q.archived === "true";
  return (await repo.listTeams(visibleTeamIds(c.actor), archived)).map(toTeamOutput);
}

export async function getTeamOrThrow(c: Caller, teamId: string): Promise<TeamOutput> {
  return toTeamOutput(await teamOrThrow(c, "teams:read", teamId));
}

async function checkedWebhook(url: string | null | undefined): Promise<string | null | undefined> {
  if (!url) return url === undefined ? undefined : null;
  const check = checkBaseUrl(url, await currentAllowlist());
  if (!check.ok) throw new AppError("unprocessable", `budgetWebhookUrl: ${check.reason}`, [{ path: "budgetWebhookUrl", message: check.reason }]);
  return url;
}

export async function createTeam(c: Caller, input: TeamCreateInput): Promise<TeamOutput> {
  const budgetWebhookUrl = await checkedWebhook(input.budgetWebhookUrl);
  return prisma.$transaction(async (tx) => {
    const t = await repo.createTeam(
      {
        name: input.name,
        slug: input.slug,
        costCenter: input.costCenter || null,
        monthlyBudgetUsd: input.monthlyBudgetUsd ?? null,
        ...(input.budgetAlertThresholds ? { budgetAlertThresholds: [...input.budgetAlertThresholds].sort((a, b) => a - b) } : {}),
        storeBodies: input.storeBodies ?? false,
        budgetWebhookUrl: budgetWebhookUrl ?? null,
        // Every team starts with a policy row (no rules yet): the routing editor always has something to edit.
        routingPolicy: { create: {} },
      },
      tx,
    );
    await recordAudit(auditBy(c, { action: "team.create", resourceType: "team", resourceId: t.id, teamId: t.id, after: teamAudit(t) }), tx);
    return toTeamOutput(t);
  });
}

export async function updateTeam(c: Caller, teamId: string, input: TeamUpdateInput): Promise<TeamOutput> {
  const before = await teamOrThrow(c, "teams:write", teamId);
  const budgetWebhookUrl = await checkedWebhook(input.budgetWebhookUrl);
  return prisma.$transaction(async (tx) => {
    const t = await repo.updateTeam(
      teamId,
      {
        name: input.name,
        costCenter: input.costCenter === undefined ? undefined : input.costCenter || null,
        monthlyBudgetUsd: input.monthlyBudgetUsd,
        budgetAlertThresholds: input.budgetAlertThresholds ? [...input.budgetAlertThresholds].sort((a, b) => a - b) : undefined,
        storeBodies: input.storeBodies,
        budgetWebhookUrl,
      },
      tx,
    );
    await recordAudit(auditBy(c, { action: "team.update", resourceType: "team", resourceId: teamId, teamId, before: teamAudit(before), after: teamAudit(t) }), tx);
    return toTeamOutput(t);
  });
}

/** Archiving keeps the team's history (requests, statements) and stops its keys at once. */
export async function archiveTeam(c: Caller, teamId: string): Promise<void> {
  const before = await teamOrThrow(c, "teams:write", teamId);
  if (before.archivedAt) return;
  await prisma.$transaction(async (tx) => {
    const t = await repo.updateTeam(teamId, { archivedAt: new Date() }, tx);
    await recordAudit(auditBy(c, { action: "team.archive", resourceType: "team", resourceId: teamId, teamId, before: teamAudit(before), after: teamAudit(t) }), tx);
  });
}

// ───────────── members ─────────────

const memberOut = (m: Awaited<ReturnType<typeof repo.upsertMember>>) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, addedAt: m.createdAt.toISOString() });

export async function listMembers(c: Caller, teamId: string) {
  await teamOrThrow(c, "teams:read", teamId);
  return (await repo.listMembers(teamId)).map(memberOut);
}

export async function addMember(c: Caller, teamId: string, input: TeamMemberInput) {
  await teamOrThrow(c, "teams:members", teamId);
  const user = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) throw new AppError("unprocessable", "email: no user has this email; create the account first", [{ path: "email", message: "No user has this email" }]);
  return prisma.$transaction(async (tx) => {
    const m = await repo.upsertMember(teamId, user.id, input.role, tx);
    await recordAudit(auditBy(c, { action: "team.member.add", resourceType: "team", resourceId: teamId, teamId, after: { email: input.email, role: input.role } }), tx);
    return memberOut(m);
  });
}

export async function removeMember(c: Caller, teamId: string, userId: string): Promise<void> {
  await teamOrThrow(c, "teams:members", teamId);
  await prisma.$transaction(async (tx) => {
    const { count } = await repo.deleteMember(teamId, userId, tx);
    if (count === 0) throw new AppError("not_found", "That user is not a member of this team");
    await recordAudit(auditBy(c, { action: "team.member.remove", resourceType: "team", resourceId: teamId, teamId, before: { userId } }), tx);
  });
}

// ───────────── API keys ─────────────

function keyStatus(k: repo.ApiKeyRow, now = Date.now()): ApiKeyOutput["status"] {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && k.expiresAt.getTime() <= now) return "expired";
  return "active";
}

function toKeyOutput(k: repo.ApiKeyRow): ApiKeyOutput {
  return {
    id: k.id,
    teamId: k.teamId,
    name: k.name,
    prefix: k.prefix,
    monthlyBudgetUsd: num(k.monthlyBudgetUsd),
    createdBy: k.createdBy?.email ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    status: keyStatus(k),
  };
}

const keyAudit = (k: repo.ApiKeyRow) => ({ name: k.name, prefix: k.prefix, expiresAt: iso(k.expiresAt), revokedAt: iso(k.revokedAt), monthlyBudgetUsd: num(k.monthlyBudgetUsd) });

export async function listApiKeys(c: Caller, teamId: string): Promise<ApiKeyOutput[]> {
  await teamOrThrow(c, "keys:read", teamId);
  return (await repo.listApiKeys(teamId)).map(toKeyOutput);
}

/** "sy-" + 32 random bytes (base64url). Only its SHA-256 is stored; the caller sees it once. */
export function generateTeamKey(): string {
  return `sy-${crypto.randomBytes(32).toString("base64url")}`;
}

export async function createApiKey(c: Caller, teamId: string, input: ApiKeyCreateInput): Promise<ApiKeyOutput & { key: string }> {
  const team = await teamOrThrow(c, "keys:write", teamId);
  if (team.archivedAt) throw new AppError("unprocessable", "This team is archived: its keys cannot be used");
  // A key's budget may narrow the team's, never widen it.
  const teamBudget = num(team.monthlyBudgetUsd);
  if (input.monthlyBudgetUsd !== undefined && teamBudget !== null && input.monthlyBudgetUsd > teamBudget) {
    throw new AppError("unprocessable", `monthlyBudgetUsd: a key's budget cannot exceed the team's ($${teamBudget})`, [{ path: "monthlyBudgetUsd", message: `At most the team's budget ($${teamBudget})` }]);
  }
  const key = generateTeamKey();
  return prisma.$transaction(async (tx) => {
    const row = await repo.createApiKey(
      { teamId, name: input.name, keyHash: hashApiKey(key), prefix: key.slice(0, 10), expiresAt: input.expiresAt ?? null, monthlyBudgetUsd: input.monthlyBudgetUsd ?? null, createdById: c.actor.id },
      tx,
    );
    await recordAudit(auditBy(c, { action: "team.key.create", resourceType: "api_key", resourceId: row.id, teamId, after: keyAudit(row) }), tx);
    return { ...toKeyOutput(row), key };
  });
}

export async function revokeApiKey(c: Caller, teamId: string, keyId: string): Promise<ApiKeyOutput> {
  await teamOrThrow(c, "keys:write", teamId);
  const before = await repo.findApiKey(teamId, keyId);
  if (!before) throw new AppError("not_found", "No such key in this team");
  if (before.revokedAt) return toKeyOutput(before);
  return prisma.$transaction(async (tx) => {
    const row = await repo.revokeApiKey(keyId, new Date(), tx);
    await recordAudit(auditBy(c, { action: "team.key.revoke", resourceType: "api_key", resourceId: keyId, teamId, before: keyAudit(before), after: keyAudit(row) }), tx);
    return toKeyOutput(row);
  });
}
