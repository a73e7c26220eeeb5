import { prisma, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/client";

// Queries behind swap proposals: paired shadow evidence, live traffic of a task, canary guard metrics.

/** Shadow judgements of both models on the same live requests: the incumbent's row i, the candidate's row c. */
const pairs = (teamId: string, task: string, incumbent: string, candidate: string) => Prisma.sql`
  FROM evaluations i JOIN evaluations c ON c.request_id = i.request_id AND c.team_id = i.team_id
   AND c.source = 'shadow' AND c.label = 'candidate' AND c.model_name = ${candidate}
 WHERE i.source = 'shadow' AND i.label = 'incumbent' AND i.team_id = ${teamId} AND i.task = ${task} AND i.model_name = ${incumbent}`;

export async function pairedShadowStats(teamId: string, task: string, incumbent: string, candidate: string, db: Db = prisma) {
  const from = pairs(teamId, task, incumbent, candidate);
  const [agg] = await db.$queryRaw<{ n: number; inc: number | null; cand: number | null; sd: number | null }[]>`
    SELECT count(*)::int AS n, avg(i.score)::float8 AS inc, avg(c.score)::float8 AS cand, stddev_samp(c.score - i.score)::float8 AS sd ${from}`;
  const examples = await db.$queryRaw<{ request_id: string; inc: number; cand: number; answer: string | null }[]>`
    SELECT i.request_id, i.score::float8 AS inc, c.score::float8 AS cand, c.comment AS answer ${from}
       AND i.score <> c.score
     ORDER BY abs(i.score - c.score) DESC, i.created_at DESC LIMIT 5`;
  return { n: agg?.n ?? 0, incumbent: agg?.inc ?? 0, candidate: agg?.cand ?? 0, sdDiff: agg?.sd ?? 0, examples };
}

/** Pairwise verdicts of the candidate against the incumbent on the same shadowed requests (label "pairwise": the
 * candidate's share, 1 / 0.5 / 0). Kept apart from pairedShadowStats so the paired test never counts them. */
export async function pairwiseShadowStats(teamId: string, task: string, incumbent: string, candidate: string, db: Db = prisma) {
  const [r] = await db.$queryRaw<{ n: number; wins: number; ties: number; losses: number; share: number | null }[]>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE p.score = 1)::int AS wins, count(*) FILTER (WHERE p.score = 0.5)::int AS ties,
           count(*) FILTER (WHERE p.score = 0)::int AS losses, avg(p.score)::float8 AS share
      FROM evaluations p JOIN evaluations i ON i.request_id = p.request_id AND i.team_id = p.team_id
       AND i.source = 'shadow' AND i.label = 'incumbent' AND i.model_name = ${incumbent}
     WHERE p.source = 'shadow' AND p.label = 'pairwise' AND p.team_id = ${teamId} AND p.task = ${task} AND p.model_name = ${candidate}`;
  return { n: r?.n ?? 0, wins: r?.wins ?? 0, ties: r?.ties ?? 0, losses: r?.losses ?? 0, share: r?.share ?? 0 };
}

export async function taskTraffic(teamId: string, task: string, since: Date, model: string | null, kind: "live" | "shadow" = "live", db: Db = prisma) {
  const [r] = await db.$queryRaw<{ requests: number; errors: number; input: number; output: number; cost: number; latency: number | null }[]>`
    SELECT coalesce(sum(requests), 0)::int AS requests, coalesce(sum(errors), 0)::int AS errors,
           coalesce(sum(input_tokens), 0)::float8 AS input, coalesce(sum(output_tokens), 0)::float8 AS output,
           coalesce(sum(cost_usd), 0)::float8 AS cost,
           CASE WHEN sum(requests) > 0 THEN sum(latency_ms_sum)::float8 / sum(requests) END AS latency
      FROM usage_rollups
     WHERE team_id = ${teamId} AND task = ${task} AND kind = ${kind}::"TrafficKind" AND bucket >= date_trunc('hour', ${since}::timestamp)
       AND (${model}::text IS NULL OR model_name = ${model}::text)`;
  return r!;
}

/** Live requests of a task served by a model since a moment, straight from the log (the canary guard's window). */
export async function liveSince(teamId: string, task: string, model: string, since: Date, db: Db = prisma) {
  const [r] = await db.$queryRaw<{ requests: number; errors: number }[]>`
    SELECT count(*)::int AS requests, count(*) FILTER (WHERE status <> 'success')::int AS errors
      FROM request_logs WHERE team_id = ${teamId} AND task = ${task} AND model_name = ${model} AND kind = 'live' AND created_at >= ${since}`;
  return r!;
}

export async function gradedSince(teamId: string, task: string, model: string, label: string, since: Date, db: Db = prisma) {
  const [r] = await db.$queryRaw<{ n: number; mean: number | null }[]>`
    SELECT count(*)::int AS n, avg(score)::float8 AS mean FROM evaluations
     WHERE team_id = ${teamId} AND task = ${task} AND model_name = ${model} AND label = ${label} AND created_at >= ${since}`;
  return { n: r?.n ?? 0, mean: r?.mean ?? 0 };
}

export function currentPrice(modelName: string, at: Date, db: Db = prisma) {
  return db.modelPrice.findFirst({ where: { model: { name: modelName }, effectiveFrom: { lte: at } }, orderBy: { effectiveFrom: "desc" }, select: { inputPerMTokUsd: true, outputPerMTokUsd: true } });
}

const SWAP_SELECT = {
  id: true, teamId: true, task: true, fromModel: true, toModel: true, status: true, evidence: true, projectedMonthlySavingsUsd: true,
  realizedSavingsUsd: true, canarySteps: true, canaryStepIndex: true, approvedById: true, approvedAt: true, financeApprovedById: true,
  financeApprovedAt: true, decidedReason: true, createdAt: true, updatedAt: true, team: { select: { name: true } },
} as const satisfies Prisma.SwapProposalSelect;
export type SwapRow = Prisma.SwapProposalGetPayload<{ select: typeof SWAP_SELECT }>;

export function listSwaps(where: Prisma.SwapProposalWhereInput, db: Db = prisma): Promise<SwapRow[]> {
  return db.swapProposal.findMany({ where, select: SWAP_SELECT, orderBy: { createdAt: "desc" }, take: 500 });
}
export function findSwap(id: string, db: Db = prisma): Promise<SwapRow | null> {
  return db.swapProposal.findUnique({ where: { id }, select: SWAP_SELECT });
}
export function swapEvents(id: string, db: Db = prisma) {
  return db.swapEvent.findMany({ where: { proposalId: id }, orderBy: { createdAt: "asc" } });
}

/** A rule's targets by model name, in order (null = the task has no rule of its own: the defaults serve it). */
export async function ruleTargets(teamId: string, task: string, db: Db = prisma): Promise<{ model: string; weight: number | null }[] | null> {
  const rule = await db.routingRule.findFirst({
    where: { task, policy: { teamId } },
    select: { targets: { select: { weight: true, model: { select: { name: true } } }, orderBy: { position: "asc" } } },
  });
  return rule ? rule.targets.map((t) => ({ model: t.model.name, weight: t.weight })) : null;
}

/** Sets (or removes, with null) one task's rule, leaving the rest of the policy alone. */
export async function setRuleTargets(teamId: string, task: string, targets: { model: string; weight: number | null }[] | null, db: Db): Promise<void> {
  const policy = await db.routingPolicy.upsert({ where: { teamId }, create: { teamId }, update: { version: { increment: 1 } }, select: { id: true } });
  await db.routingRule.deleteMany({ where: { policyId: policy.id, task } });
  if (!targets) return;
  const models = await db.model.findMany({ where: { name: { in: targets.map((t) => t.model) } }, select: { id: true, name: true } });
  const id = (n: string) => models.find((m) => m.name === n)?.id;
  await db.routingRule.create({
    data: {
      policyId: policy.id,
      task,
      targets: { create: targets.filter((t) => id(t.model)).map((t, position) => ({ position, modelId: id(t.model)!, weight: t.weight })) },
    },
  });
}
