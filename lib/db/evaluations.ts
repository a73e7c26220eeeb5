import { prisma, type Db } from "@/lib/db/client";

export function createEvaluation(
  data: { requestId: string | null; teamId: string; task: string; modelName: string; source: "feedback" | "grader" | "eval_set" | "shadow"; score: number; label?: string | null; comment?: string | null; grader?: string | null },
  db: Db = prisma,
) {
  return db.evaluation.create({ data, select: { id: true, createdAt: true } });
}

type NewEvaluation = { requestId: string | null; teamId: string; task: string; modelName: string; source: "feedback" | "grader" | "eval_set" | "shadow"; score: number; label?: string | null; comment?: string | null; grader?: string | null; evalRunId?: string | null };

export function createEvaluations(rows: NewEvaluation[], db: Db = prisma) {
  return db.evaluation.createMany({ data: rows });
}
