import { AppError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/client";
import type { z } from "zod";
import type { shadowConfigInput, shadowConfigOutput } from "@/lib/schemas/swaps";
import { recordAudit } from "@/lib/services/audit";
import { assertTeamAccess, auditBy, type Caller } from "@/lib/services/context";

type Out = z.infer<typeof shadowConfigOutput>;

export async function getShadowConfigs(c: Caller, teamId: string): Promise<Out> {
  assertTeamAccess(c, "accuracy:read", teamId);
  const rows = await prisma.shadowConfig.findMany({ where: { teamId }, orderBy: [{ task: "asc" }, { candidateModel: "asc" }] });
  return { configs: rows.map((r) => ({ task: r.task, candidateModel: r.candidateModel, sampleRate: r.sampleRate, enabled: r.enabled, pairwise: r.pairwise })) };
}

/** Replaces the team's shadow evaluations (task -> candidate model, sample rate). Candidates must exist. */
export async function putShadowConfigs(c: Caller, teamId: string, input: z.infer<typeof shadowConfigInput>): Promise<Out> {
  assertTeamAccess(c, "accuracy:write", teamId);
  if (!(await prisma.team.findUnique({ where: { id: teamId }, select: { id: true } }))) throw new AppError("not_found", "No such team");
  const names = [...new Set(input.configs.map((x) => x.candidateModel))];
  const models = await prisma.model.findMany({ where: { name: { in: names } }, select: { name: true } });
  const errors = input.configs.flatMap((x, i) => (models.some((m) => m.name === x.candidateModel) ? [] : [{ path: `configs.${i}.candidateModel`, message: `No model named "${x.candidateModel}"` }]));
  const seen = new Set<string>();
  input.configs.forEach((x, i) => {
    const k = `${x.task}\u0000${x.candidateModel}`;
    if (seen.has(k)) errors.push({ path: `configs.${i}`, message: "Duplicate task and candidate" });
    seen.add(k);
  });
  if (errors.length) throw new AppError("unprocessable", `${errors[0]!.path}: ${errors[0]!.message}`, errors);
  const before = await getShadowConfigs(c, teamId);
  await prisma.$transaction(async (tx) => {
    await tx.shadowConfig.deleteMany({ where: { teamId } });
    if (input.configs.length) await tx.shadowConfig.createMany({ data: input.configs.map((x) => ({ teamId, ...x })) });
    await recordAudit(auditBy(c, { action: "shadow.update", resourceType: "shadow_config", resourceId: teamId, teamId, before, after: input }), tx);
  });
  return getShadowConfigs(c, teamId);
}
