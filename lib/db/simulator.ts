import { prisma, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/client";

// Queries behind the what-if simulator (lib/services/simulator.ts): graded answers of two or more models to the same
// prompt, with the token counts and cost the request log holds for each answer.
//
// A "unit" is one prompt answered by several models:
//   - shadow evaluation: a live request mirrored to a candidate (lib/gateway/shadow.ts). Both judge scores carry the
//     live request's id; the incumbent's answer is the live request itself (label "incumbent"), the candidate's is
//     a kind='shadow' request logged with route_reason "shadow of <live request id>" (label "candidate").
//   - eval sets: the runs of several models over the same item (lib/services/eval-sets.ts labels each score
//     "item:<eval item id>"; its request_id is that model's own eval request).
// Canary judgements, feedback and single graders score one model per request and never form a unit.

export type EvidenceFilter = { teamId: string; task?: string; from?: Date; to?: Date; limit: number };

export type EvidenceRow = {
  unit: string;
  source: "shadow" | "eval_set";
  task: string;
  model_name: string;
  score: number;
  label: string;
  request_id: string | null;
  created_at: Date;
};

/**
 * The latest score of each model in each unit that has at least two models, for the `limit` most recent units.
 * (A model re-run on the same eval item, or judged twice, counts once: its newest score.)
 */
export function pairedEvidence(f: EvidenceFilter, db: Db = prisma) {
  return db.$queryRaw<EvidenceRow[]>`
    WITH ${latestScores(f)}, units AS (
      SELECT unit FROM latest GROUP BY unit HAVING count(*) >= 2 ORDER BY max(created_at) DESC, unit LIMIT ${f.limit}
    )
    SELECT l.unit, l.source, l.task, l.model_name, l.score::float8 AS score, l.label, l.request_id, l.created_at
      FROM latest l JOIN units u ON u.unit = l.unit
     ORDER BY l.unit, l.model_name`;
}

/** Tasks with paired evidence (any two models) in the range, for the task picker. */
export function pairedTasks(f: Omit<EvidenceFilter, "task" | "limit">, db: Db = prisma) {
  return db.$queryRaw<{ task: string; units: number }[]>`
    WITH ${latestScores(f)}, units AS (SELECT unit, min(task) AS task FROM latest GROUP BY unit HAVING count(*) >= 2)
    SELECT task, count(*)::int AS units FROM units GROUP BY task ORDER BY task`;
}

/** CTEs "keyed" (every score with its unit) and "latest" (each model's newest score per unit). */
function latestScores(f: Omit<EvidenceFilter, "limit">): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`e.team_id = ${f.teamId}`];
  if (f.task) parts.push(Prisma.sql`e.task = ${f.task}`);
  if (f.from) parts.push(Prisma.sql`e.created_at >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`e.created_at < ${f.to}`);
  return Prisma.sql`keyed AS (
      SELECT CASE WHEN e.source = 'shadow' THEN 'shadow:' || e.request_id ELSE 'eval:' || substr(e.label, 6) END AS unit,
             e.source::text AS source, e.task, e.model_name, e.score, e.label, e.request_id, e.created_at
        FROM evaluations e
       WHERE ${Prisma.join(parts, " AND ")}
         AND ((e.source = 'shadow' AND e.label IN ('incumbent', 'candidate') AND e.request_id IS NOT NULL)
           OR (e.source = 'eval_set' AND e.label LIKE 'item:%'))
    ), latest AS (
      SELECT DISTINCT ON (unit, model_name) * FROM keyed ORDER BY unit, model_name, created_at DESC
    )`;
}

export type LoggedRequest = {
  id: string;
  kind: "live" | "shadow" | "eval";
  model_name: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  status: string;
  endpoint: string;
  request_body: unknown;
};

/** Request-log rows by id (live requests that were shadowed, eval-set requests); bodies only where asked for. */
export function requestsByIds(ids: string[], withBody: string[], db: Db = prisma) {
  if (ids.length === 0) return Promise.resolve([] as LoggedRequest[]);
  return db.$queryRaw<LoggedRequest[]>`
    SELECT id, kind::text AS kind, model_name, input_tokens, output_tokens, cost_usd::float8 AS cost_usd, status::text AS status, endpoint,
           CASE WHEN id = ANY(${withBody}::text[]) THEN request_body END AS request_body
      FROM request_logs WHERE id = ANY(${ids}::text[])`;
}

export type ShadowRequest = { live_id: string; model_name: string | null; input_tokens: number; output_tokens: number; status: string };

/**
 * The candidates' mirrored requests of these live requests (route_reason "shadow of <id>"; an incumbent re-run has
 * a suffix and is left out). Bounded by the team and a time range, which the (team_id, created_at) index serves.
 */
export function shadowRequestsOf(teamId: string, liveIds: string[], since: Date, until: Date, db: Db = prisma) {
  if (liveIds.length === 0) return Promise.resolve([] as ShadowRequest[]);
  return db.$queryRaw<ShadowRequest[]>`
    SELECT substr(route_reason, 11) AS live_id, model_name, input_tokens, output_tokens, status::text AS status
      FROM request_logs
     WHERE team_id = ${teamId} AND kind = 'shadow' AND created_at >= ${since} AND created_at <= ${until}
       AND route_reason LIKE 'shadow of %' AND substr(route_reason, 11) = ANY(${liveIds}::text[])`;
}

export function evalItemPrompts(ids: string[], db: Db = prisma) {
  if (ids.length === 0) return Promise.resolve([] as { id: string; prompt: string }[]);
  return db.evalItem.findMany({ where: { id: { in: ids } }, select: { id: true, prompt: true } });
}

/** Current price (latest version in force at `at`) of the named models, per million tokens. */
export async function currentPrices(names: string[], at: Date, db: Db = prisma): Promise<Map<string, { input: number; output: number }>> {
  if (names.length === 0) return new Map();
  const rows = await db.model.findMany({
    where: { name: { in: names } },
    select: { name: true, prices: { where: { effectiveFrom: { lte: at } }, orderBy: { effectiveFrom: "desc" }, take: 1, select: { inputPerMTokUsd: true, outputPerMTokUsd: true } } },
  });
  const out = new Map<string, { input: number; output: number }>();
  for (const r of rows) {
    const p = r.prices[0];
    if (p) out.set(r.name, { input: Number(p.inputPerMTokUsd), output: Number(p.outputPerMTokUsd) });
  }
  return out;
}

export async function teamForSimulation(teamId: string, db: Db = prisma) {
  return db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true, routingPolicy: { select: { qualityTolerance: true } } } });
}
