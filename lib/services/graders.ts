import { compileDefinition } from "@/lib/accuracy/live-graders";
import { AppError } from "@/lib/api/errors";
import { prisma, type Prisma } from "@/lib/db/client";
import * as repo from "@/lib/db/graders";
import { graderDefinition, type GraderCreateInput, type GraderDefinition, type GraderOutput, type GraderUpdateInput } from "@/lib/schemas/graders";
import { recordAudit } from "@/lib/services/audit";
import { assertTeamAccess, auditBy, type Caller } from "@/lib/services/context";

// Graders on live traffic, per team x task: admins and the team's leads (accuracy:write on the team) configure
// them; everyone who reads the team's accuracy sees them with what they graded. Changes reach every gateway
// instance through the config_version trigger on grader_configs (within a second, no restart).

const STATS_DAYS = 30;
const label = (r: Pick<repo.GraderRow, "name" | "version">) => `${r.name}@${r.version}`;

/** JSON with object keys sorted: jsonb does not keep key order, so a plain stringify would see changes that are not. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

function definitionOf(r: repo.GraderRow): GraderDefinition {
  const parsed = graderDefinition.safeParse(r.definition);
  return parsed.success ? parsed.data : ({ kind: r.kind } as GraderDefinition);
}

function toOutput(r: repo.GraderRow, stats: { n: number; mean: number | null } = { n: 0, mean: null }): GraderOutput {
  return {
    id: r.id,
    teamId: r.teamId,
    name: r.name,
    task: r.task,
    kind: r.kind,
    definition: definitionOf(r),
    sampleRate: r.sampleRate,
    enabled: r.enabled,
    version: r.version,
    grader: label(r),
    stats: { n: stats.n, mean: stats.mean === null ? null : Math.round(stats.mean * 10_000) / 10_000 },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const auditView = (r: repo.GraderRow) => ({ name: r.name, task: r.task, kind: r.kind, definition: r.definition, sampleRate: r.sampleRate, enabled: r.enabled, version: r.version });

async function withStats(teamId: string, rows: repo.GraderRow[]): Promise<GraderOutput[]> {
  const since = new Date(Date.now() - STATS_DAYS * 86_400_000);
  const stats = await repo.graderStats(teamId, rows.map((r) => ({ id: r.id, grader: label(r) })), since);
  return rows.map((r) => toOutput(r, stats.get(r.id)));
}

async function assertTeam(teamId: string) {
  if (!(await prisma.team.findUnique({ where: { id: teamId }, select: { id: true } }))) throw new AppError("not_found", "No such team");
}

/** A grader of this team (an id of another team's grader under this team's path is a 404, never a change). */
async function graderOf(teamId: string, graderId: string): Promise<repo.GraderRow> {
  const r = await repo.findGrader(graderId);
  if (!r || r.teamId !== teamId) throw new AppError("not_found", "No such grader for this team");
  return r;
}

/** What zod cannot check in the browser: the JSON Schema compiles (Ajv, no remote $refs, safe patterns). A 400
 * naming the field, like any invalid input. */
function assertCompiles(def: GraderDefinition) {
  const c = compileDefinition(def);
  if (!c.ok) throw new AppError("bad_request", `${c.path}: ${c.message}`, [{ path: c.path, message: c.message }]);
}

export async function listGraders(c: Caller, teamId: string): Promise<{ data: GraderOutput[] }> {
  assertTeamAccess(c, "accuracy:read", teamId);
  await assertTeam(teamId);
  return { data: await withStats(teamId, await repo.listGraders(teamId)) };
}

export async function createGrader(c: Caller, teamId: string, input: GraderCreateInput): Promise<GraderOutput> {
  assertTeamAccess(c, "accuracy:write", teamId);
  await assertTeam(teamId);
  assertCompiles(input.definition);
  const row = await prisma.$transaction(async (tx) => {
    const r = await repo.createGrader(
      { teamId, name: input.name, task: input.task, kind: input.definition.kind, definition: input.definition as Prisma.InputJsonValue, sampleRate: input.sampleRate, enabled: input.enabled },
      tx,
    );
    await recordAudit(auditBy(c, { action: "grader.create", resourceType: "grader", resourceId: r.id, teamId, after: auditView(r) }), tx);
    return r;
  });
  return toOutput(row);
}

export async function updateGrader(c: Caller, teamId: string, graderId: string, input: GraderUpdateInput): Promise<GraderOutput> {
  assertTeamAccess(c, "accuracy:write", teamId);
  const before = await graderOf(teamId, graderId);
  if (input.definition) assertCompiles(input.definition);
  // A different definition is a different grader: a new version, so its scores never mix with the old ones.
  const changed = input.definition !== undefined && canonical(input.definition) !== canonical(definitionOf(before));
  const row = await prisma.$transaction(async (tx) => {
    const r = await repo.updateGrader(
      graderId,
      {
        name: input.name,
        task: input.task,
        sampleRate: input.sampleRate,
        enabled: input.enabled,
        ...(changed ? { kind: input.definition!.kind, definition: input.definition as Prisma.InputJsonValue, version: { increment: 1 } } : {}),
      },
      tx,
    );
    await recordAudit(auditBy(c, { action: "grader.update", resourceType: "grader", resourceId: graderId, teamId, before: auditView(before), after: auditView(r) }), tx);
    return r;
  });
  return (await withStats(teamId, [row]))[0]!;
}

export async function deleteGrader(c: Caller, teamId: string, graderId: string): Promise<void> {
  assertTeamAccess(c, "accuracy:write", teamId);
  const before = await graderOf(teamId, graderId);
  await prisma.$transaction(async (tx) => {
    await repo.deleteGrader(graderId, tx);
    await recordAudit(auditBy(c, { action: "grader.delete", resourceType: "grader", resourceId: graderId, teamId, before: auditView(before) }), tx);
  });
}
