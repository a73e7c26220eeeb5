import { prisma, type Db, type Prisma } from "@/lib/db/client";

// Grader configurations (graders on a sample of a team's live answers) and the counts of what they graded.

const SELECT = { id: true, teamId: true, name: true, task: true, kind: true, definition: true, sampleRate: true, enabled: true, version: true, createdAt: true, updatedAt: true } as const satisfies Prisma.GraderConfigSelect;
export type GraderRow = Prisma.GraderConfigGetPayload<{ select: typeof SELECT }>;

export function listGraders(teamId: string, db: Db = prisma): Promise<GraderRow[]> {
  return db.graderConfig.findMany({ where: { teamId }, select: SELECT, orderBy: [{ task: "asc" }, { name: "asc" }] });
}

export function findGrader(id: string, db: Db = prisma): Promise<GraderRow | null> {
  return db.graderConfig.findUnique({ where: { id }, select: SELECT });
}

export function createGrader(data: Prisma.GraderConfigUncheckedCreateInput, db: Db = prisma): Promise<GraderRow> {
  return db.graderConfig.create({ data, select: SELECT });
}

export function updateGrader(id: string, data: Prisma.GraderConfigUncheckedUpdateInput, db: Db = prisma): Promise<GraderRow> {
  return db.graderConfig.update({ where: { id }, data, select: SELECT });
}

export function deleteGrader(id: string, db: Db = prisma): Promise<unknown> {
  return db.graderConfig.delete({ where: { id } });
}

/** Per configuration: answers graded by its given version (grader "name@version", label = its id) since `since`. */
export async function graderStats(teamId: string, graders: { id: string; grader: string }[], since: Date, db: Db = prisma): Promise<Map<string, { n: number; mean: number | null }>> {
  if (graders.length === 0) return new Map();
  const rows = await db.$queryRaw<{ label: string; grader: string; n: number; mean: number | null }[]>`
    SELECT label, grader, count(*)::int AS n, avg(score)::float8 AS mean
      FROM evaluations
     WHERE team_id = ${teamId} AND source = 'grader' AND label = ANY(${graders.map((g) => g.id)}::text[]) AND created_at >= ${since}
     GROUP BY label, grader`;
  const out = new Map<string, { n: number; mean: number | null }>();
  for (const g of graders) {
    const r = rows.find((x) => x.label === g.id && x.grader === g.grader);
    out.set(g.id, { n: r?.n ?? 0, mean: r?.mean ?? null });
  }
  return out;
}
