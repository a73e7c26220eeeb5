import { prisma, type Db } from "@/lib/db/client";

export type OverviewCounts = {
  providers: number;
  models: number;
  teams: number;
  /** Keys not revoked (expired ones still count: they are visible and renewable). */
  apiKeys: number;
  requestsLast24h: number;
};

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Headline counts for the overview page, global across teams. */
export async function getOverviewCounts(db: Db = prisma, now: Date = new Date()): Promise<OverviewCounts> {
  // Hourly rollups, not the raw log: a sum over ~25 buckets per team/model however large the log grows.
  const since = new Date(Math.floor((now.getTime() - DAY_MS) / HOUR_MS) * HOUR_MS);
  const [providers, models, teams, apiKeys, requestsLast24h] = await Promise.all([
    db.provider.count(),
    db.model.count(),
    db.team.count({ where: { archivedAt: null } }),
    db.apiKey.count({ where: { revokedAt: null } }),
    db.usageRollup.aggregate({ _sum: { requests: true }, where: { bucket: { gte: since }, kind: "live" } }),
  ]);
  return { providers, models, teams, apiKeys, requestsLast24h: requestsLast24h._sum.requests ?? 0 };
}
