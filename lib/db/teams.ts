import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";

const SELECT = {
  id: true,
  name: true,
  slug: true,
  costCenter: true,
  monthlyBudgetUsd: true,
  budgetAlertThresholds: true,
  budgetWebhookUrl: true,
  storeBodies: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { members: true } },
} as const satisfies Prisma.TeamSelect;

export type TeamRow = Prisma.TeamGetPayload<{ select: typeof SELECT }> & { activeKeyCount: number };

async function withKeyCounts<T extends { id: string }>(rows: T[], db: Db): Promise<(T & { activeKeyCount: number })[]> {
  const counts = await db.apiKey.groupBy({
    by: ["teamId"],
    where: { teamId: { in: rows.map((r) => r.id) }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    _count: { _all: true },
  });
  const map = new Map(counts.map((c) => [c.teamId, c._count._all]));
  return rows.map((r) => ({ ...r, activeKeyCount: map.get(r.id) ?? 0 }));
}

/** onlyIds: null = every team (admin, finance); else the caller's teams. */
export async function listTeams(onlyIds: string[] | null, archived: boolean | undefined, db: Db = prisma): Promise<TeamRow[]> {
  const where: Prisma.TeamWhereInput = {
    ...(onlyIds ? { id: { in: onlyIds } } : {}),
    ...(archived === undefined ? {} : archived ? { archivedAt: { not: null } } : { archivedAt: null }),
  };
  return withKeyCounts(await db.team.findMany({ where, select: SELECT, orderBy: { name: "asc" } }), db);
}

export async function findTeam(id: string, db: Db = prisma): Promise<TeamRow | null> {
  const row = await db.team.findUnique({ where: { id }, select: SELECT });
  return row ? (await withKeyCounts([row], db))[0]! : null;
}

export async function createTeam(data: Prisma.TeamCreateInput, db: Db = prisma): Promise<TeamRow> {
  return { ...(await db.team.create({ data, select: SELECT })), activeKeyCount: 0 };
}

export async function updateTeam(id: string, data: Prisma.TeamUpdateInput, db: Db = prisma): Promise<TeamRow> {
  return (await withKeyCounts([await db.team.update({ where: { id }, data, select: SELECT })], db))[0]!;
}

export function listMembers(teamId: string, db: Db = prisma) {
  return db.teamMember.findMany({ where: { teamId }, select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } }, orderBy: { createdAt: "asc" } });
}

export function upsertMember(teamId: string, userId: string, role: "team_lead" | "viewer", db: Db = prisma) {
  return db.teamMember.upsert({
    where: { teamId_userId: { teamId, userId } },
    create: { teamId, userId, role },
    update: { role },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}

export function deleteMember(teamId: string, userId: string, db: Db = prisma) {
  return db.teamMember.deleteMany({ where: { teamId, userId } });
}

// ───────────── API keys ─────────────

const KEY_SELECT = {
  id: true,
  teamId: true,
  name: true,
  prefix: true,
  monthlyBudgetUsd: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const satisfies Prisma.ApiKeySelect;

export type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof KEY_SELECT }>;

export function listApiKeys(teamId: string, db: Db = prisma): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({ where: { teamId }, select: KEY_SELECT, orderBy: { createdAt: "desc" } });
}

export function findApiKey(teamId: string, id: string, db: Db = prisma): Promise<ApiKeyRow | null> {
  return db.apiKey.findFirst({ where: { id, teamId }, select: KEY_SELECT });
}

export function createApiKey(data: Prisma.ApiKeyUncheckedCreateInput, db: Db = prisma): Promise<ApiKeyRow> {
  return db.apiKey.create({ data, select: KEY_SELECT });
}

export function revokeApiKey(id: string, at: Date, db: Db = prisma): Promise<ApiKeyRow> {
  return db.apiKey.update({ where: { id }, data: { revokedAt: at }, select: KEY_SELECT });
}
