import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";

const SELECT = {
  id: true,
  providerId: true,
  name: true,
  upstreamModel: true,
  aliases: true,
  contextWindow: true,
  maxOutputTokens: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  provider: { select: { name: true, inHouse: true } },
  prices: { select: { inputPerMTokUsd: true, outputPerMTokUsd: true, effectiveFrom: true }, orderBy: { effectiveFrom: "desc" } },
} as const satisfies Prisma.ModelSelect;

export type ModelRow = Prisma.ModelGetPayload<{ select: typeof SELECT }>;

export function listModels(where: { providerId?: string } = {}, db: Db = prisma): Promise<ModelRow[]> {
  return db.model.findMany({ where, select: SELECT, orderBy: { name: "asc" } });
}

export function findModel(id: string, db: Db = prisma): Promise<ModelRow | null> {
  return db.model.findUnique({ where: { id }, select: SELECT });
}

export function createModel(data: Prisma.ModelUncheckedCreateInput, db: Db = prisma): Promise<ModelRow> {
  return db.model.create({ data, select: SELECT });
}

export function updateModel(id: string, data: Prisma.ModelUncheckedUpdateInput, db: Db = prisma): Promise<ModelRow> {
  return db.model.update({ where: { id }, data, select: SELECT });
}

export function deleteModel(id: string, db: Db = prisma) {
  return db.model.delete({ where: { id }, select: { id: true } });
}

export function addPrice(modelId: string, p: { input: number; output: number; from: Date }, db: Db = prisma) {
  return db.modelPrice.create({ data: { modelId, inputPerMTokUsd: p.input, outputPerMTokUsd: p.output, effectiveFrom: p.from }, select: { id: true } });
}

/** Other models whose public name or alias equals one of `names` (case-insensitive). */
export async function findNameClashes(names: string[], exceptId: string | null, db: Db = prisma): Promise<{ name: string; clash: string }[]> {
  if (names.length === 0) return [];
  const lower = names.map((n) => n.toLowerCase());
  const rows = await db.$queryRaw<{ name: string; clash: string }[]>`
    SELECT m.name, c.clash FROM models m
    CROSS JOIN LATERAL unnest(array_prepend(m.name, m.aliases)) AS c(clash)
    WHERE lower(c.clash) = ANY(${lower}::text[]) AND (${exceptId}::text IS NULL OR m.id <> ${exceptId}::text)`;
  return rows;
}

/** Where routing policies use a model: team and task ("*" = default models). */
export function routingUsesOfModel(modelId: string, db: Db = prisma) {
  return db.routingTarget.findMany({
    where: { modelId },
    select: { rule: { select: { task: true, policy: { select: { team: { select: { id: true, name: true } } } } } } },
  });
}

/** Teams whose allow-list includes this model. */
export function teamsAllowingOnly(modelId: string, db: Db = prisma) {
  return db.team.findMany({ where: { allowedModels: { some: { modelId } } }, select: { id: true, name: true } });
}
