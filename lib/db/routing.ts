import { prisma, type Db } from "@/lib/db/client";

export function findPolicy(teamId: string, db: Db = prisma) {
  return db.routingPolicy.findUnique({
    where: { teamId },
    select: {
      id: true,
      version: true,
      tasks: true,
      qualityTolerance: true,
      updatedAt: true,
      rules: { select: { task: true, targets: { select: { weight: true, model: { select: { name: true } } }, orderBy: { position: "asc" } } }, orderBy: { task: "asc" } },
    },
  });
}

export function allowedModelNames(teamId: string, db: Db = prisma) {
  return db.teamAllowedModel.findMany({ where: { teamId }, select: { model: { select: { id: true, name: true } } } });
}

/** lower-cased public names and aliases -> {id, name}. */
export async function modelNameIndex(db: Db = prisma): Promise<Map<string, { id: string; name: string }>> {
  const rows = await db.model.findMany({ select: { id: true, name: true, aliases: true } });
  const map = new Map<string, { id: string; name: string }>();
  for (const m of rows) for (const a of m.aliases) if (!map.has(a.toLowerCase())) map.set(a.toLowerCase(), { id: m.id, name: m.name });
  for (const m of rows) map.set(m.name.toLowerCase(), { id: m.id, name: m.name });
  return map;
}

type RuleData = { task: string; targets: { modelId: string; weight: number | null }[] };

/** Replaces the team's rules (and optionally allowed models, tasks, tolerance) in one transaction. */
export async function replacePolicy(
  teamId: string,
  p: { rules: RuleData[]; tasks?: string[]; qualityTolerance?: number; allowedModelIds?: string[] },
  db: Db,
): Promise<void> {
  const policy = await db.routingPolicy.upsert({
    where: { teamId },
    create: { teamId, ...(p.tasks ? { tasks: p.tasks } : {}), ...(p.qualityTolerance !== undefined ? { qualityTolerance: p.qualityTolerance } : {}) },
    update: { version: { increment: 1 }, ...(p.tasks ? { tasks: p.tasks } : {}), ...(p.qualityTolerance !== undefined ? { qualityTolerance: p.qualityTolerance } : {}) },
    select: { id: true },
  });
  await db.routingRule.deleteMany({ where: { policyId: policy.id } });
  for (const r of p.rules) {
    await db.routingRule.create({
      data: { policyId: policy.id, task: r.task, targets: { create: r.targets.map((t, position) => ({ position, modelId: t.modelId, weight: t.weight })) } },
    });
  }
  if (p.allowedModelIds) {
    await db.teamAllowedModel.deleteMany({ where: { teamId } });
    if (p.allowedModelIds.length) await db.teamAllowedModel.createMany({ data: p.allowedModelIds.map((modelId) => ({ teamId, modelId })) });
  }
}
