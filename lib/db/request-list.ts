import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";

export type RequestFilter = { teamIds: string[] | null; model?: string; status?: "success" | "error" | "incomplete" | "cancelled"; from?: Date; to?: Date; after?: { createdAt: Date; id: string } };

/** Newest first, keyset pagination on (created_at, id) — the table's own key, so pages stay fast at 10M+ rows. */
export function listRequests(f: RequestFilter, limit: number, db: Db = prisma) {
  const where: Prisma.RequestLogWhereInput = {
    ...(f.teamIds ? { teamId: { in: f.teamIds } } : {}),
    ...(f.model ? { modelName: f.model } : {}),
    ...(f.status ? { status: f.status } : {}),
    kind: "live",
    AND: [
      f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {},
      // The redundant created_at <= t lets the (created_at DESC, id DESC) index narrow a deep page (ms, not s, at 10M).
      f.after ? { createdAt: { lte: f.after.createdAt }, OR: [{ createdAt: { lt: f.after.createdAt } }, { createdAt: f.after.createdAt, id: { lt: f.after.id } }] } : {},
    ],
  };
  return db.requestLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true, createdAt: true, teamId: true, endpoint: true, task: true, requestedModel: true, modelName: true, providerName: true, inHouse: true,
      status: true, httpStatus: true, stream: true, inputTokens: true, outputTokens: true, costUsd: true, latencyMs: true, ttftMs: true,
      attempts: true, fallback: true, routeReason: true,
    },
  });
}
