import { prisma, type Db } from "@/lib/db/client";

export type OverviewCounts = {
  providers: number;
  models: number;
  teams: number;
  /** Keys not revoked (expired ones still count: they are visible and renewable). */
  apiKeys: number;
  requestsLast24h: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Headline counts for the overview page, global across teams. */
export async function getOverviewCounts(db: Db = prisma, now: Date = new Date()): Promise<OverviewCounts> {
  const since = new Date(now.getTime() - DAY_MS);
  const [providers, models, teams, apiKeys, requestsLast24h] = await Promise.all([
    db.provider.count(),
    db.model.count(),
    db.team.count({ where: { archivedAt: null } }),
    db.apiKey.count({ where: { revokedAt: null } }),
    // created_at has a BRIN index, so a one-day range stays cheap on a large log.
    db.requestLog.count({ where: { createdAt: { gte: since } } }),
  ]);
  return { providers, models, teams, apiKeys, requestsLast24h };
}
