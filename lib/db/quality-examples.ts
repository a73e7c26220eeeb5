import { prisma, type Db } from "@/lib/db/client";

// Graded outcomes with their prompt's hashed features (written by createEvaluations when the prompt is known), read
// by the gateway's quality cache to train each team's per-prompt quality predictor.

/** Per team, the newest example id and the count in the window: when either moves, there is something new to learn
 * (the count catches a row that committed after a newer id). */
export function qualityExampleHeads(days = 30, db: Db = prisma) {
  const since = new Date(Date.now() - days * 86_400_000);
  return db.$queryRaw<{ team_id: string; max_id: bigint; n: number }[]>`
    SELECT team_id, max(id) AS max_id, count(*)::int AS n FROM quality_examples WHERE created_at >= ${since} GROUP BY team_id ORDER BY max(id) DESC`;
}

/** Outcomes older than the window are never trained on again. */
export function pruneQualityExamples(days = 30, db: Db = prisma) {
  const before = new Date(Date.now() - days * 86_400_000);
  return db.$executeRaw`DELETE FROM quality_examples WHERE created_at < ${before}`;
}

/** A team's newest `limit` examples of the window, oldest first. */
export function qualityExamplesForTeam(teamId: string, limit: number, days = 30, db: Db = prisma) {
  const since = new Date(Date.now() - days * 86_400_000);
  return db.$queryRaw<{ task: string; model_name: string; score: number; indices: number[]; values: number[] }[]>`
    SELECT task, model_name, score, indices, "values" FROM (
      SELECT id, task, model_name, score, indices, "values" FROM quality_examples
       WHERE team_id = ${teamId} AND created_at >= ${since} ORDER BY id DESC LIMIT ${limit}) newest
     ORDER BY id`;
}
