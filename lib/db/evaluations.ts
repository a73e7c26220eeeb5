import { prisma, type Db } from "@/lib/db/client";
import { promptFeatures } from "@/lib/router/auto/prompt-quality";

export function createEvaluation(
  data: { requestId: string | null; teamId: string; task: string; modelName: string; source: "feedback" | "grader" | "eval_set" | "shadow"; score: number; label?: string | null; comment?: string | null; grader?: string | null },
  db: Db = prisma,
) {
  return db.evaluation.create({ data, select: { id: true, createdAt: true } });
}

type NewEvaluation = {
  requestId: string | null;
  teamId: string;
  task: string;
  modelName: string;
  source: "feedback" | "grader" | "eval_set" | "shadow";
  score: number;
  label?: string | null;
  comment?: string | null;
  grader?: string | null;
  evalRunId?: string | null;
  /** The graded prompt, when the caller has it: kept only as hashed features (quality_examples) for auto-routing's
   * per-prompt quality, never as text. */
  prompt?: string | null;
};

export async function createEvaluations(rows: NewEvaluation[], db: Db = prisma) {
  const data = rows.map(({ prompt: _prompt, ...row }) => row);
  const examples = rows.flatMap((r) => {
    if (!r.prompt) return [];
    const f = promptFeatures(r.prompt);
    return [{ teamId: r.teamId, task: r.task, modelName: r.modelName, score: r.score, indices: Array.from(f.indices), values: Array.from(f.values) }];
  });
  if (!examples.length) return db.evaluation.createMany({ data });
  const write = async (tx: Db) => {
    const created = await tx.evaluation.createMany({ data });
    await tx.qualityExample.createMany({ data: examples });
    return created;
  };
  // one transaction, so a score and its prompt features land together (a caller's transaction when it passes one)
  return db === prisma ? prisma.$transaction((tx) => write(tx)) : write(db);
}
