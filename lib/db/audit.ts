import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";

export type AuditFilter = { actor?: string; resourceType?: string; action?: string; teamId?: string; from?: Date; to?: Date; beforeId?: bigint };

export function listAuditEvents(f: AuditFilter, limit: number, db: Db = prisma) {
  const where: Prisma.AuditEventWhereInput = {
    ...(f.actor ? { actorLabel: { contains: f.actor, mode: "insensitive" } } : {}),
    ...(f.resourceType ? { resourceType: f.resourceType } : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.teamId ? { teamId: f.teamId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.beforeId !== undefined ? { id: { lt: f.beforeId } } : {}),
  };
  return db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: limit });
}
