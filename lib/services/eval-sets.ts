import { grade, graderId, GRADERS, type GraderName } from "@/lib/accuracy/graders";
import { parseRating, singleJudgePrompt } from "@/lib/accuracy/judge";
import { wilson } from "@/lib/accuracy/stats";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { visibleTeamIds } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { createEvaluations } from "@/lib/db/evaluations";
import { loadDemoData, mmluReferenceLetter } from "@/lib/demo-upstream/data";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import type { Snapshot } from "@/lib/gateway/snapshot";
import { logger } from "@/lib/logger";
import { MT_BENCH_TASKS, parseCsv } from "@/lib/router/auto/eval";
import type { z } from "zod";
import { EVAL_GRADERS, type EvalSetCreateInput, type EvalSetOutput, type evalRunCreateInput, type evalRunOutput } from "@/lib/schemas/eval-sets";
import { recordAudit } from "@/lib/services/audit";
import { assertTeamAccess, auditBy, iso, type Caller } from "@/lib/services/context";

// Eval sets: prompts with references (uploaded as JSONL or CSV, or the built-in RouteLLM sets), run against
// chosen models through the gateway's own path (logged as eval traffic: evaluation cost, never a budget), graded,
// and stored as evaluations so they appear in the accuracy charts beside feedback and shadow judgements.

type Item = { prompt: string; reference: string | null; task: string; grader: string };
type FieldError = { path: string; message: string };

export function parseEvalItems(format: "jsonl" | "csv", content: string, defaults: { task: string; grader: string }): { items: Item[]; errors: FieldError[] } {
  const items: Item[] = [];
  const errors: FieldError[] = [];
  const push = (line: number, raw: Record<string, unknown>) => {
    const prompt = typeof raw.prompt === "string" ? raw.prompt : "";
    const task = typeof raw.task === "string" && raw.task.trim() ? raw.task.trim().toLowerCase() : defaults.task;
    const grader = typeof raw.grader === "string" && raw.grader.trim() ? raw.grader.trim() : defaults.grader;
    const reference = raw.reference === undefined || raw.reference === null || raw.reference === "" ? null : String(raw.reference);
    if (!prompt.trim()) errors.push({ path: `line ${line}`, message: "prompt is required" });
    else if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(task)) errors.push({ path: `line ${line}`, message: `task "${task}" must be 1-40 characters of a-z, 0-9, - or _` });
    else if (!(EVAL_GRADERS as readonly string[]).includes(grader)) errors.push({ path: `line ${line}`, message: `grader "${grader}" is not one of ${EVAL_GRADERS.join(", ")}` });
    else if (grader !== "judge" && grader !== "json" && reference === null) errors.push({ path: `line ${line}`, message: `the ${grader} grader needs a reference` });
    else items.push({ prompt, reference, task, grader });
  };
  if (format === "jsonl") {
    content.split(/\r?\n/).forEach((text, i) => {
      if (!text.trim()) return;
      try {
        const raw = JSON.parse(text) as unknown;
        if (!raw || typeof raw !== "object" || Array.isArray(raw)) errors.push({ path: `line ${i + 1}`, message: "each line must be a JSON object" });
        else push(i + 1, raw as Record<string, unknown>);
      } catch {
        errors.push({ path: `line ${i + 1}`, message: "not valid JSON" });
      }
    });
  } else {
    let rows: string[][];
    try {
      rows = parseCsv(content);
    } catch (err) {
      return { items, errors: [{ path: "content", message: (err as Error).message }] };
    }
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    if (!header.includes("prompt")) return { items, errors: [{ path: "line 1", message: 'the header must have a "prompt" column' }] };
    rows.slice(1).forEach((r, i) => {
      if (r.length === 1 && r[0] === "") return;
      push(i + 2, Object.fromEntries(header.map((h, j) => [h, r[j]])));
    });
  }
  if (items.length === 0 && errors.length === 0) errors.push({ path: "content", message: "no items found" });
  return { items, errors: errors.slice(0, 50) };
}

type RunRow = { id: string; evalSetId: string; modelName: string; status: "queued" | "running" | "completed" | "failed"; total: number; done: number; accuracy: number | null; createdAt: Date; finishedAt: Date | null };
const runOut = (r: RunRow): z.infer<typeof evalRunOutput> => {
  const ci = r.accuracy === null || r.done === 0 ? null : wilson(r.accuracy, r.done);
  return { id: r.id, evalSetId: r.evalSetId, model: r.modelName, status: r.status, total: r.total, done: r.done, accuracy: r.accuracy, ciLow: ci ? ci.low : null, ciHigh: ci ? ci.high : null, createdAt: r.createdAt.toISOString(), finishedAt: iso(r.finishedAt) };
};

async function setOut(id: string): Promise<EvalSetOutput> {
  const s = await prisma.evalSet.findUniqueOrThrow({ where: { id }, include: { runs: { orderBy: { createdAt: "desc" } }, _count: { select: { items: true } } } });
  const tasks = await prisma.evalItem.findMany({ where: { evalSetId: id }, distinct: ["task"], select: { task: true } });
  return { id: s.id, name: s.name, teamId: s.teamId, builtIn: s.builtIn, items: s._count.items, tasks: tasks.map((t) => t.task).sort(), createdAt: s.createdAt.toISOString(), runs: s.runs.map(runOut) };
}

function assertSetAccess(c: Caller, teamId: string | null, write: boolean) {
  if (teamId) return assertTeamAccess(c, write ? "accuracy:write" : "accuracy:read", teamId);
  // Shared sets: everyone with accuracy:read sees them; only admins change them.
  if (write && c.actor.role !== "admin") throw new AppError("forbidden", "Only admins manage shared eval sets; give the set a teamId");
}

export async function listEvalSets(c: Caller): Promise<EvalSetOutput[]> {
  const teams = visibleTeamIds(c.actor);
  const sets = await prisma.evalSet.findMany({ where: teams ? { OR: [{ teamId: null }, { teamId: { in: teams } }] } : {}, select: { id: true }, orderBy: { createdAt: "desc" } });
  return Promise.all(sets.map((s) => setOut(s.id)));
}

export async function getEvalSetOrThrow(c: Caller, id: string): Promise<EvalSetOutput> {
  const s = await prisma.evalSet.findUnique({ where: { id }, select: { teamId: true } });
  if (!s) throw new AppError("not_found", "No such eval set");
  assertSetAccess(c, s.teamId, false);
  return setOut(id);
}

async function saveSet(c: Caller, name: string, teamId: string | null, builtIn: boolean, items: Item[]): Promise<EvalSetOutput> {
  const id = await prisma.$transaction(async (tx) => {
    const s = await tx.evalSet.create({ data: { name, teamId, builtIn }, select: { id: true } });
    await tx.evalItem.createMany({ data: items.map((it, position) => ({ evalSetId: s.id, position, ...it })) });
    await recordAudit(auditBy(c, { action: "evalset.create", resourceType: "eval_set", resourceId: s.id, teamId, after: { name, items: items.length, builtIn } }), tx);
    return s.id;
  });
  return setOut(id);
}

export async function createEvalSet(c: Caller, input: EvalSetCreateInput): Promise<EvalSetOutput> {
  assertSetAccess(c, input.teamId ?? null, true);
  const { items, errors } = parseEvalItems(input.format, input.content, { task: input.defaultTask, grader: input.defaultGrader });
  if (errors.length) throw new AppError("unprocessable", `${errors[0]!.path}: ${errors[0]!.message}`, errors);
  return saveSet(c, input.name, input.teamId ?? null, false, items);
}

/**
 * The RouteLLM sets shipped with the demo data: MT-Bench's 80 first turns (judge-graded; the demo upstream
 * answers as the judge with the recorded GPT-4 verdicts) and the MMLU sample prompts (multiple choice). MMLU has
 * no answer key in the recordings: the reference letter follows the demo's documented rule, so the MMLU set is
 * meaningful against the demo upstream, not against real vendors.
 */
export async function importBuiltInSet(c: Caller, which: "routellm-mt-bench" | "routellm-mmlu"): Promise<EvalSetOutput> {
  // Any accuracy:write holder may add them: the content is fixed, and importing twice returns the same set.
  const existing = await prisma.evalSet.findUnique({ where: { name: which }, select: { id: true } });
  if (existing) return setOut(existing.id);
  const data = loadDemoData();
  const items: Item[] =
    which === "routellm-mt-bench"
      ? data.mtBench.map((q) => ({ prompt: q.turns[0], reference: null, task: MT_BENCH_TASKS[(q as unknown as { category: string }).category] ?? "other", grader: "judge" }))
      : data.mmlu.samples.map((s) => ({ prompt: s.prompt, reference: mmluReferenceLetter(s.prompt), task: "reasoning", grader: "mc-letter" }));
  return saveSet(c, which, null, true, items);
}

export async function deleteEvalSet(c: Caller, id: string): Promise<void> {
  const s = await prisma.evalSet.findUnique({ where: { id }, select: { teamId: true, name: true } });
  if (!s) throw new AppError("not_found", "No such eval set");
  assertSetAccess(c, s.teamId, true);
  await prisma.$transaction(async (tx) => {
    await tx.evalSet.delete({ where: { id } });
    await recordAudit(auditBy(c, { action: "evalset.delete", resourceType: "eval_set", resourceId: id, teamId: s.teamId, before: { name: s.name } }), tx);
  });
}

// ───────────── runs ─────────────

export async function startEvalRuns(c: Caller, setId: string, input: z.infer<typeof evalRunCreateInput>): Promise<EvalSetOutput> {
  const s = await prisma.evalSet.findUnique({ where: { id: setId }, select: { teamId: true, _count: { select: { items: true } } } });
  if (!s) throw new AppError("not_found", "No such eval set");
  if (!can(c.actor.role, "accuracy:write")) throw new AppError("forbidden", `Your role (${c.actor.role}) cannot run evaluations`);
  assertTeamAccess(c, "accuracy:write", input.teamId);
  if (s.teamId && s.teamId !== input.teamId) throw new AppError("unprocessable", "teamId: this set belongs to another team", [{ path: "teamId", message: "This set belongs to another team" }]);
  const snap = await gatewayConfig().load();
  const team = snap.teams.get(input.teamId);
  if (!team) throw new AppError("unprocessable", "teamId: no such (active) team", [{ path: "teamId", message: "No such active team" }]);
  const errors = input.models.flatMap((m, i) => (snap.catalog.byName.has(m.toLowerCase()) ? [] : [{ path: `models.${i}`, message: `No model named "${m}"` }]));
  if (errors.length) throw new AppError("unprocessable", `${errors[0]!.path}: ${errors[0]!.message}`, errors);
  const total = Math.min(input.limit ?? s._count.items, s._count.items);
  const runs = await prisma.$transaction(async (tx) => {
    const created = [];
    for (const m of input.models) {
      const model = snap.catalog.byId.get(snap.catalog.byName.get(m.toLowerCase())!)!;
      created.push(await tx.evalRun.create({ data: { evalSetId: setId, modelName: model.name, total, createdById: c.actor.id }, select: { id: true } }));
    }
    await recordAudit(auditBy(c, { action: "evalset.run", resourceType: "eval_set", resourceId: setId, teamId: input.teamId, after: { models: input.models, total } }), tx);
    return created;
  });
  for (const r of runs) void runEval(r.id, input.teamId, snap).catch((err) => logger.error("eval run failed", { runId: r.id, error: (err as Error).message }));
  return setOut(setId);
}

export async function getEvalRunOrThrow(c: Caller, id: string) {
  const r = await prisma.evalRun.findUnique({ where: { id }, include: { evalSet: { select: { teamId: true } } } });
  if (!r) throw new AppError("not_found", "No such eval run");
  assertSetAccess(c, r.evalSet.teamId, false);
  return runOut(r);
}

const CONCURRENCY = 4;

/** Runs one model over the set's items, four at a time, updating progress as it goes. */
export async function runEval(runId: string, teamId: string, snap: Snapshot): Promise<void> {
  const run = await prisma.evalRun.update({ where: { id: runId }, data: { status: "running" } });
  const items = await prisma.evalItem.findMany({ where: { evalSetId: run.evalSetId }, orderBy: { position: "asc" }, take: run.total });
  const { completeInternally } = await import("@/lib/gateway/engine");
  const team = snap.teams.get(teamId);
  const model = snap.catalog.byId.get(snap.catalog.byName.get(run.modelName.toLowerCase()) ?? "");
  const judgeId = snap.judgeModel ? snap.catalog.byName.get(snap.judgeModel.toLowerCase()) : undefined;
  const judge = judgeId ? snap.catalog.byId.get(judgeId) : undefined;
  if (!team || !model) {
    await prisma.evalRun.update({ where: { id: runId }, data: { status: "failed", finishedAt: new Date() } });
    return;
  }
  const key = { id: "", teamId, expiresAtMs: null, revoked: false, monthlyBudgetUsd: null };
  let sum = 0;
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const it = items[next++]!;
      const base = { snapshot: snap, team, key, task: it.task, kind: "eval" as const };
      const ans = await completeInternally({ ...base, model, messages: [{ role: "user", content: it.prompt }], reason: `eval run ${runId}` });
      let score = 0;
      let grader = it.grader;
      if (ans.text !== null) {
        if (it.grader === "judge") {
          grader = graderId("judge");
          if (!judge) score = 0;
          else {
            const v = await completeInternally({ ...base, model: judge, messages: [{ role: "user", content: singleJudgePrompt({ question: it.prompt, answer: ans.text, reference: it.reference }) }], reason: "judge", maxTokens: 512 });
            score = (v.text ? parseRating(v.text) : null) ?? 0;
          }
        } else if ((GRADERS as readonly string[]).includes(it.grader)) {
          const g = grade({ grader: it.grader as GraderName, answer: ans.text, reference: it.reference });
          score = g.score;
          grader = g.grader;
        }
      }
      // The item in the label pairs this answer with other models' answers to it (the what-if simulator).
      await createEvaluations([{ requestId: ans.requestId, teamId, task: it.task, modelName: model.name, source: "eval_set", grader, score, evalRunId: runId, label: `item:${it.id}`, prompt: it.prompt }]);
      sum += score;
      done++;
      if (done % 5 === 0 || done === items.length) await prisma.evalRun.update({ where: { id: runId }, data: { done, accuracy: sum / done } });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
    await prisma.evalRun.update({ where: { id: runId }, data: { status: "completed", done, accuracy: done ? sum / done : null, finishedAt: new Date() } });
  } catch (err) {
    await prisma.evalRun.update({ where: { id: runId }, data: { status: "failed", done, accuracy: done ? sum / done : null, finishedAt: new Date() } });
    throw err;
  }
}
