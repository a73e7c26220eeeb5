import { prisma, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/client";

export type AccuracyFilter = { teamIds: string[] | null; task?: string; model?: string; from?: Date; to?: Date; source?: string };

/** Pairwise verdicts (a candidate's share of wins against the incumbent, lib/gateway/shadow.ts) are relative
 * evidence for swaps, not a score of one answer: accuracy means and the auto-routing quality table leave them out. */
const NOT_PAIRWISE = Prisma.sql`label IS DISTINCT FROM 'pairwise'`;

function where(f: AccuracyFilter) {
  const parts: Prisma.Sql[] = [NOT_PAIRWISE];
  if (f.teamIds) parts.push(Prisma.sql`team_id = ANY(${f.teamIds}::text[])`);
  if (f.task) parts.push(Prisma.sql`task = ${f.task}`);
  if (f.model) parts.push(Prisma.sql`model_name = ${f.model}`);
  if (f.from) parts.push(Prisma.sql`created_at >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`created_at < ${f.to}`);
  if (f.source) parts.push(Prisma.sql`source = ${f.source}::"EvaluationSource"`);
  return Prisma.join(parts, " AND ");
}

export function accuracyByGroup(f: AccuracyFilter, db: Db = prisma) {
  return db.$queryRaw<{ team_id: string; task: string; model_name: string; n: number; mean: number }[]>`
    SELECT team_id, task, model_name, count(*)::int AS n, avg(score)::float8 AS mean
      FROM evaluations WHERE ${where(f)}
     GROUP BY team_id, task, model_name ORDER BY team_id, task, model_name`;
}

export function accuracySeries(f: AccuracyFilter, interval: "day" | "week", db: Db = prisma) {
  return db.$queryRaw<{ bucket: Date; team_id: string; task: string; model_name: string; n: number; mean: number }[]>`
    SELECT date_trunc(${interval}, created_at) AS bucket, team_id, task, model_name, count(*)::int AS n, avg(score)::float8 AS mean
      FROM evaluations WHERE ${where(f)}
     GROUP BY 1, 2, 3, 4 ORDER BY 1`;
}

/** Live latency and cost per request beside the accuracy (from the hourly rollups). */
export function liveStatsByGroup(f: AccuracyFilter, db: Db = prisma) {
  const parts: Prisma.Sql[] = [Prisma.sql`kind = 'live'`, Prisma.sql`requests > 0`];
  if (f.teamIds) parts.push(Prisma.sql`team_id = ANY(${f.teamIds}::text[])`);
  if (f.task) parts.push(Prisma.sql`task = ${f.task}`);
  if (f.model) parts.push(Prisma.sql`model_name = ${f.model}`);
  if (f.from) parts.push(Prisma.sql`bucket >= date_trunc('hour', ${f.from}::timestamp)`);
  if (f.to) parts.push(Prisma.sql`bucket < ${f.to}`);
  return db.$queryRaw<{ team_id: string; task: string; model_name: string; requests: number; latency: number; cost: number }[]>`
    SELECT team_id, task, model_name, sum(requests)::int AS requests, (sum(latency_ms_sum)::float8 / sum(requests)) AS latency, (sum(cost_usd)::float8 / sum(requests)) AS cost
      FROM usage_rollups WHERE ${Prisma.join(parts, " AND ")}
     GROUP BY team_id, task, model_name`;
}

/** Mean graded score per team, task and model over the last `days` (what auto-routing ranks models by). */
export function qualityByTeamTaskModel(days = 30, db: Db = prisma) {
  const since = new Date(Date.now() - days * 86_400_000);
  return db.$queryRaw<{ team_id: string; task: string; model_name: string; n: number; mean: number }[]>`
    SELECT team_id, task, model_name, count(*)::int AS n, avg(score)::float8 AS mean
      FROM evaluations WHERE created_at >= ${since} AND ${NOT_PAIRWISE} GROUP BY team_id, task, model_name`;
}
