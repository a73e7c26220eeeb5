import { pairedNonInferiority, wilson } from "@/lib/accuracy/stats";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { visibleTeamIds } from "@/lib/auth/permissions";
import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";
import { getSetting } from "@/lib/db/settings";
import * as repo from "@/lib/db/swaps";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/runtime/shutdown";
import { DEFAULT_SWAP_POLICY, swapPolicy, type SwapEvidence, type SwapOutput, type SwapPolicy } from "@/lib/schemas/swaps";
import { recordAudit } from "@/lib/services/audit";
import { notifySwap } from "@/lib/services/budget-alerts";
import { assertTeamAccess, type Caller } from "@/lib/services/context";

// Swaps: moving a team's task from its incumbent model to a cheaper candidate (usually in-house) on evidence.
//  1. Shadow evaluation pairs judge scores of both models on the team's own traffic (lib/gateway/shadow.ts).
//  2. generateProposals(): a proposal when the candidate is cheaper and statistically non-inferior (margin and
//     minimum sample from the swap policy); never on thin evidence or a real gap.
//  3. approve (admin; finance co-signs above a savings threshold) -> canary: the task's rule gets weights
//     (candidate p%, incumbent the rest) stepping through the policy's steps, each after enough graded samples.
//  4. advanceCanaries() guards every step: the candidate's graded accuracy and live error rate; a breach rolls the
//     rule back by itself. At 100% the candidate becomes primary with the incumbent as its fallback.

type SwapStatus = SwapOutput["status"];
const OPEN: SwapStatus[] = ["proposed", "approved", "canary"];

export async function getSwapPolicy(db?: Db): Promise<SwapPolicy> {
  const stored = await getSetting<unknown>("swaps.policy", db);
  const parsed = swapPolicy.partial().safeParse(stored ?? {});
  return { ...DEFAULT_SWAP_POLICY, ...(parsed.success ? parsed.data : {}) };
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function originalRuleOf(p: repo.SwapRow): { model: string; weight: number | null }[] | null {
  const ev = p.evidence as { originalRule?: { model: string; weight: number | null }[] | null };
  return ev.originalRule ?? null;
}

function percentOf(p: repo.SwapRow): number {
  if (p.status === "completed") return 100;
  if (p.status !== "canary") return 0;
  return p.canarySteps[p.canaryStepIndex] ?? 100;
}

/** Emails of the people who signed these proposals, in one query for a whole list. */
async function signerEmails(rows: repo.SwapRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((p) => [p.approvedById, p.financeApprovedById]).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

async function toOutput(p: repo.SwapRow, withEvents = false, policy?: SwapPolicy, signers?: Map<string, string>): Promise<SwapOutput> {
  const pol = policy ?? (await getSwapPolicy());
  const emails = signers ?? (await signerEmails([p]));
  const email = (id: string | null) => (id ? (emails.get(id) ?? id) : null);
  const { originalRule: _o, ...evidence } = p.evidence as Record<string, unknown>;
  return {
    id: p.id,
    teamId: p.teamId,
    teamName: p.team.name,
    task: p.task,
    fromModel: p.fromModel,
    toModel: p.toModel,
    status: p.status,
    evidence,
    projectedMonthlySavingsUsd: Number(p.projectedMonthlySavingsUsd),
    realizedSavingsUsd: Number(p.realizedSavingsUsd),
    canarySteps: p.canarySteps,
    canaryStepIndex: p.canaryStepIndex,
    currentPercent: percentOf(p),
    needsFinanceCosign: Number(p.projectedMonthlySavingsUsd) >= pol.cosignAboveUsd && !p.financeApprovedById,
    approvedBy: email(p.approvedById),
    financeApprovedBy: email(p.financeApprovedById),
    decidedReason: p.decidedReason,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...(withEvents
      ? { events: (await repo.swapEvents(p.id)).map((e) => ({ fromStatus: e.fromStatus, toStatus: e.toStatus, actor: e.actor, note: e.note, createdAt: e.createdAt.toISOString() })) }
      : {}),
  };
}

export async function listSwaps(c: Caller, q: { teamId?: string; status?: SwapStatus }): Promise<SwapOutput[]> {
  let teamIds = visibleTeamIds(c.actor);
  if (q.teamId) {
    assertTeamAccess(c, "swaps:read", q.teamId);
    teamIds = [q.teamId];
  }
  const rows = await repo.listSwaps({ ...(teamIds ? { teamId: { in: teamIds } } : {}), ...(q.status ? { status: q.status } : {}) });
  const policy = await getSwapPolicy();
  const signers = await signerEmails(rows);
  return Promise.all(rows.map((r) => toOutput(r, false, policy, signers)));
}

export async function getSwapOrThrow(c: Caller, id: string): Promise<SwapOutput> {
  const p = await repo.findSwap(id);
  if (!p) throw new AppError("not_found", "No such swap proposal");
  assertTeamAccess(c, "swaps:read", p.teamId);
  return toOutput(p, true);
}

// ───────────── evidence and proposals ─────────────

/** The model serving a task today: its rule's first target, else the first default model. */
async function incumbentOf(teamId: string, task: string): Promise<string | null> {
  const rule = await repo.ruleTargets(teamId, task);
  if (rule?.length) return rule[0]!.model;
  const defaults = await repo.ruleTargets(teamId, "*");
  return defaults?.[0]?.model ?? null;
}

export async function buildEvidence(teamId: string, task: string, incumbent: string, candidate: string, policy: SwapPolicy, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [paired, pairwise, traffic, incLive, candShadow, pi, pc] = await Promise.all([
    repo.pairedShadowStats(teamId, task, incumbent, candidate),
    repo.pairwiseShadowStats(teamId, task, incumbent, candidate),
    repo.taskTraffic(teamId, task, since, null),
    repo.taskTraffic(teamId, task, since, incumbent),
    repo.taskTraffic(teamId, task, since, candidate, "shadow"),
    repo.currentPrice(incumbent, now),
    repo.currentPrice(candidate, now),
  ]);
  const test = pairedNonInferiority({ n: paired.n, meanDiff: paired.candidate - paired.incumbent, sdDiff: paired.sdDiff }, { margin: policy.margin, minSamples: policy.minSamples });
  const price = (p: typeof pi) => ({ input: Number(p?.inputPerMTokUsd ?? 0), output: Number(p?.outputPerMTokUsd ?? 0) });
  const [inc, cand] = [price(pi), price(pc)];
  const savings = (traffic.input * (inc.input - cand.input) + traffic.output * (inc.output - cand.output)) / 1e6;
  const arm = (model: string, acc: number) => {
    const ci = wilson(acc, paired.n);
    return { model, n: paired.n, accuracy: r4(acc), ciLow: r4(ci.low), ciHigh: r4(ci.high) };
  };
  const evidence: SwapEvidence = {
    n: paired.n,
    margin: policy.margin,
    minSamples: policy.minSamples,
    decision: test.decision,
    diff: r4(test.diff),
    diffLow: r4(test.low),
    diffHigh: r4(test.high),
    incumbent: arm(incumbent, paired.incumbent),
    candidate: arm(candidate, paired.candidate),
    examples: paired.examples.map((e) => ({ requestId: e.request_id, incumbentScore: e.inc, candidateScore: e.cand, candidateAnswer: e.answer })),
    latency: { incumbentMs: incLive.latency === null ? null : Math.round(incLive.latency), candidateMs: candShadow.latency === null ? null : Math.round(candShadow.latency) },
    prices: { incumbent: inc, candidate: cand },
    traffic30d: { requests: traffic.requests, inputTokens: traffic.input, outputTokens: traffic.output, costUsd: r4(traffic.cost) },
    // Shown beside the paired test, never in it: the decision above rests on the single ratings only.
    pairwise: pairwise.n
      ? (() => {
          const ci = wilson(pairwise.share, pairwise.n);
          return { n: pairwise.n, candidateWins: pairwise.wins, ties: pairwise.ties, incumbentWins: pairwise.losses, candidateShare: r4(pairwise.share), ciLow: r4(ci.low), ciHigh: r4(ci.high) };
        })()
      : null,
    generatedAt: now.toISOString(),
  };
  return { evidence, test, savings };
}

/** Looks at every shadow configuration and proposes the swaps the evidence supports. Returns the new ones. */
export async function generateProposals(now = new Date()): Promise<string[]> {
  const policy = await getSwapPolicy();
  const configs = await prisma.shadowConfig.findMany({ where: { enabled: true }, select: { teamId: true, task: true, candidateModel: true, team: { select: { archivedAt: true } } } });
  const created: string[] = [];
  for (const c of configs) {
    if (c.team.archivedAt) continue;
    const incumbent = await incumbentOf(c.teamId, c.task);
    if (!incumbent || incumbent === c.candidateModel) continue;
    const open = await prisma.swapProposal.findFirst({
      where: { teamId: c.teamId, task: c.task, toModel: c.candidateModel, OR: [{ status: { in: OPEN } }, { status: "rejected", updatedAt: { gt: new Date(now.getTime() - 7 * 86_400_000) } }] },
      select: { id: true },
    });
    if (open) continue;
    const { evidence, test, savings } = await buildEvidence(c.teamId, c.task, incumbent, c.candidateModel, policy, now);
    if (test.decision !== "non_inferior" || savings <= 0) continue;
    const p = await prisma.$transaction(async (tx) => {
      const row = await tx.swapProposal.create({
        data: { teamId: c.teamId, task: c.task, fromModel: incumbent, toModel: c.candidateModel, evidence: evidence as unknown as Prisma.InputJsonValue, projectedMonthlySavingsUsd: r4(savings), canarySteps: policy.canarySteps },
        select: { id: true },
      });
      await tx.swapEvent.create({ data: { proposalId: row.id, toStatus: "proposed", actor: "system", note: `non-inferior: ${evidence.candidate.accuracy} vs ${evidence.incumbent.accuracy} (n=${evidence.n}, margin ${policy.margin})` } });
      await recordAudit({ actorLabel: "system", action: "swap.propose", resourceType: "swap", resourceId: row.id, teamId: c.teamId, after: { task: c.task, fromModel: incumbent, toModel: c.candidateModel, projectedMonthlySavingsUsd: r4(savings) } }, tx);
      return row;
    });
    logger.info("swap proposed", { teamId: c.teamId, task: c.task, from: incumbent, to: c.candidateModel, savings: r4(savings) });
    notify(p.id);
    created.push(p.id);
  }
  return created;
}

// ───────────── workflow ─────────────

/** Tell the team's alert webhook, after the change committed; never blocks or fails the transition. */
function notify(id: string) {
  void notifySwap(id).catch(() => {});
}

async function transition(p: repo.SwapRow, to: SwapStatus, actor: string, note: string, data: Prisma.SwapProposalUpdateInput, tx: Db, actorId: string | null = null, ip: string | null = null) {
  const updated = await tx.swapProposal.updateMany({ where: { id: p.id, status: p.status, canaryStepIndex: p.canaryStepIndex }, data: { ...data, status: to } as Prisma.SwapProposalUpdateManyMutationInput });
  if (updated.count === 0) throw new AppError("conflict", "This proposal changed meanwhile; reload and try again");
  await tx.swapEvent.create({ data: { proposalId: p.id, fromStatus: p.status, toStatus: to, actor, note } });
  await recordAudit({ actorId, actorLabel: actor, ip, action: `swap.${to === "canary" && p.status === "canary" ? "step" : to}`, resourceType: "swap", resourceId: p.id, teamId: p.teamId, before: { status: p.status, step: p.canaryStepIndex }, after: { status: to, note } }, tx);
}

/**
 * Weights for a canary step: the candidate gets `percent`, the incumbent the rest, other models stay fallbacks. At
 * 100% the candidate keeps a weight, alone: an approved swap pins it as the task's primary, so `model: "auto"`
 * does not re-rank the task per prompt (the incumbent stays the first fallback).
 */
function canaryRule(p: repo.SwapRow, original: { model: string; weight: number | null }[], percent: number) {
  const rest = original.filter((t) => t.model !== p.fromModel && t.model !== p.toModel).map((t) => ({ model: t.model, weight: null }));
  if (percent >= 100) return [{ model: p.toModel, weight: 100 }, { model: p.fromModel, weight: null }, ...rest];
  return [{ model: p.fromModel, weight: 100 - percent }, { model: p.toModel, weight: percent }, ...rest];
}

async function startCanary(p: repo.SwapRow, actor: string, tx: Db, actorId: string | null, ip: string | null) {
  // The rule as it is now, to restore on rollback (null: the task had no rule and was served by the defaults).
  const current = await repo.ruleTargets(p.teamId, p.task, tx);
  const original = current ?? (await repo.ruleTargets(p.teamId, "*", tx)) ?? [{ model: p.fromModel, weight: null }];
  await repo.setRuleTargets(p.teamId, p.task, canaryRule(p, original, p.canarySteps[0] ?? 100), tx);
  const evidence = { ...(p.evidence as object), originalRule: current, original };
  await transition(p, "canary", actor, `canary ${p.canarySteps[0]}%`, { canaryStepIndex: 0, evidence: evidence as Prisma.InputJsonValue }, tx, actorId, ip);
}

/** Admin approval. Above the co-sign threshold the canary waits for a second signature (cosignSwap). */
export async function approveSwap(c: Caller, id: string, reason?: string): Promise<SwapOutput> {
  const p = await repo.findSwap(id);
  if (!p) throw new AppError("not_found", "No such swap proposal");
  if (!can(c.actor.role, "swaps:approve")) throw new AppError("forbidden", `Your role (${c.actor.role}) cannot approve swaps`);
  if (!["proposed", "approved"].includes(p.status)) throw new AppError("conflict", `This proposal is ${p.status}; only proposed ones can be approved`);
  if (p.approvedById) throw new AppError("conflict", "Already approved; awaiting the finance co-signature");
  const policy = await getSwapPolicy();
  const needsCosign = Number(p.projectedMonthlySavingsUsd) >= policy.cosignAboveUsd && !p.financeApprovedById;
  const data = { approvedById: c.actor.id, approvedAt: new Date(), decidedReason: reason ?? null };
  await prisma.$transaction(async (tx) => {
    if (needsCosign) {
      const note = `approved; finance co-signature required (projected $${Number(p.projectedMonthlySavingsUsd).toFixed(2)}/month >= $${policy.cosignAboveUsd})`;
      return transition(p, "approved", c.actor.email, note, data, tx, c.actor.id, c.ip ?? null);
    }
    await tx.swapProposal.update({ where: { id }, data });
    return startCanary(p, c.actor.email, tx, c.actor.id, c.ip ?? null);
  });
  notify(id);
  return toOutput((await repo.findSwap(id))!, true);
}

/** Finance co-signature (a different person from the approver: two-person rule); starts the canary once the
 * admin has approved too. */
export async function cosignSwap(c: Caller, id: string, reason?: string): Promise<SwapOutput> {
  const p = await repo.findSwap(id);
  if (!p) throw new AppError("not_found", "No such swap proposal");
  if (!can(c.actor.role, "swaps:cosign")) throw new AppError("forbidden", `Your role (${c.actor.role}) cannot co-sign swaps`);
  if (!["proposed", "approved"].includes(p.status)) throw new AppError("conflict", `This proposal is ${p.status}; only proposed or approved ones can be co-signed`);
  if (p.financeApprovedById) throw new AppError("conflict", "Already co-signed");
  if (p.approvedById && p.approvedById === c.actor.id) throw new AppError("forbidden", "The approver cannot also co-sign (two-person rule)");
  const data = { financeApprovedById: c.actor.id, financeApprovedAt: new Date() };
  await prisma.$transaction(async (tx) => {
    if (!p.approvedById) return transition(p, "approved", c.actor.email, reason ?? "finance co-signed; awaiting admin approval", data, tx, c.actor.id, c.ip ?? null);
    await tx.swapProposal.update({ where: { id }, data });
    return startCanary(p, c.actor.email, tx, c.actor.id, c.ip ?? null);
  });
  notify(id);
  return toOutput((await repo.findSwap(id))!, true);
}

export async function rejectSwap(c: Caller, id: string, reason?: string): Promise<SwapOutput> {
  const p = await repo.findSwap(id);
  if (!p) throw new AppError("not_found", "No such swap proposal");
  if (!can(c.actor.role, "swaps:approve")) throw new AppError("forbidden", `Your role (${c.actor.role}) cannot reject swaps`);
  if (!["proposed", "approved"].includes(p.status)) throw new AppError("conflict", `This proposal is ${p.status}; use rollback for a running canary`);
  await prisma.$transaction((tx) => transition(p, "rejected", c.actor.email, reason ?? "rejected", { decidedReason: reason ?? null }, tx, c.actor.id, c.ip ?? null));
  notify(id);
  return toOutput((await repo.findSwap(id))!, true);
}

async function restore(p: repo.SwapRow, tx: Db) {
  await repo.setRuleTargets(p.teamId, p.task, originalRuleOf(p), tx);
}

export async function rollbackSwap(c: Caller | null, id: string, reason: string): Promise<SwapOutput> {
  const p = await repo.findSwap(id);
  if (!p) throw new AppError("not_found", "No such swap proposal");
  if (c && !can(c.actor.role, "swaps:approve")) throw new AppError("forbidden", `Your role (${c.actor.role}) cannot roll back swaps`);
  if (!["canary", "completed"].includes(p.status)) throw new AppError("conflict", `This proposal is ${p.status}; nothing to roll back`);
  await prisma.$transaction(async (tx) => {
    await restore(p, tx);
    await transition(p, "rolled_back", c?.actor.email ?? "system", reason, { decidedReason: reason }, tx, c?.actor.id ?? null, c?.ip ?? null);
  });
  notify(id);
  return toOutput((await repo.findSwap(id))!, true);
}

// ───────────── the canary controller ─────────────

async function stepStartedAt(id: string): Promise<Date> {
  const last = await prisma.swapEvent.findFirst({ where: { proposalId: id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  return last?.createdAt ?? new Date(0);
}

async function canaryStartedAt(id: string): Promise<Date> {
  const first = await prisma.swapEvent.findFirst({ where: { proposalId: id, toStatus: "canary" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  return first?.createdAt ?? new Date();
}

/** Realized savings: what the candidate's live traffic would have cost on the incumbent, minus what it cost. */
async function realizedSavings(p: repo.SwapRow, now: Date): Promise<number> {
  const since = await canaryStartedAt(p.id);
  const t = await repo.taskTraffic(p.teamId, p.task, since, p.toModel);
  const inc = await repo.currentPrice(p.fromModel, now);
  if (!inc) return 0;
  return Math.max(0, (t.input * Number(inc.inputPerMTokUsd) + t.output * Number(inc.outputPerMTokUsd)) / 1e6 - t.cost);
}

export type CanaryAction = { id: string; action: "hold" | "step" | "completed" | "rolled_back"; note: string };

/** Graded canary answers the rollback guard needs before it judges a step. */
const GUARD_MIN_SAMPLES = 10;

/** One pass over running canaries: guard, then step forward when the step has enough graded samples. */
export async function advanceCanaries(now = new Date()): Promise<CanaryAction[]> {
  const policy = await getSwapPolicy();
  const out: CanaryAction[] = [];
  for (const p of await repo.listSwaps({ status: { in: ["canary", "completed"] } })) {
    const saved = await realizedSavings(p, now);
    if (Math.abs(saved - Number(p.realizedSavingsUsd)) > 1e-9) await prisma.swapProposal.update({ where: { id: p.id }, data: { realizedSavingsUsd: saved.toFixed(9) } });
    if (p.status !== "canary") continue;
    const since = await stepStartedAt(p.id);
    const [graded, live] = await Promise.all([repo.gradedSince(p.teamId, p.task, p.toModel, "canary", since), repo.liveSince(p.teamId, p.task, p.toModel, since)]);
    const baseline = (p.evidence as SwapEvidence).incumbent?.accuracy ?? 0;
    const percent = percentOf(p);
    if (graded.n >= GUARD_MIN_SAMPLES && wilson(graded.mean, graded.n).high < baseline - policy.margin) {
      const note = `automatic rollback at ${percent}%: candidate accuracy ${r4(graded.mean)} (n=${graded.n}) is below the incumbent's ${baseline} by more than ${policy.margin}`;
      await rollbackSwap(null, p.id, note);
      out.push({ id: p.id, action: "rolled_back", note });
      continue;
    }
    if (live.requests >= 10 && live.errors / live.requests > policy.maxErrorRate) {
      const note = `automatic rollback at ${percent}%: candidate error rate ${r4(live.errors / live.requests)} over ${live.requests} requests exceeds ${policy.maxErrorRate}`;
      await rollbackSwap(null, p.id, note);
      out.push({ id: p.id, action: "rolled_back", note });
      continue;
    }
    // A step needs as many graded answers as the guard above needs to judge them: fewer, and a bad candidate could
    // step on before the guard ever looked (it happened under load with minSamplesPerStep 8 < 10).
    const needed = Math.max(policy.minSamplesPerStep, GUARD_MIN_SAMPLES);
    if (graded.n < needed) {
      out.push({ id: p.id, action: "hold", note: `${graded.n}/${needed} graded samples at ${percent}%` });
      continue;
    }
    const next = p.canaryStepIndex + 1;
    const done = next >= p.canarySteps.length || percent >= 100;
    const original = ((p.evidence as { original?: { model: string; weight: number | null }[] }).original ?? [{ model: p.fromModel, weight: null }]);
    await prisma.$transaction(async (tx) => {
      if (done) {
        await repo.setRuleTargets(p.teamId, p.task, canaryRule(p, original, 100), tx);
        await transition(p, "completed", "system", `completed: candidate accuracy ${r4(graded.mean)} (n=${graded.n}) held at ${percent}%`, {}, tx);
      } else {
        await repo.setRuleTargets(p.teamId, p.task, canaryRule(p, original, p.canarySteps[next]!), tx);
        await transition(p, "canary", "system", `step to ${p.canarySteps[next]}%: accuracy ${r4(graded.mean)} (n=${graded.n}) held at ${percent}%`, { canaryStepIndex: next }, tx);
      }
    });
    notify(p.id);
    out.push({ id: p.id, action: done ? "completed" : "step", note: done ? "completed" : `${p.canarySteps[next]}%` });
  }
  return out;
}

let timer: NodeJS.Timeout | null = null;
/** The launcher runs proposals and canary steps in the background. */
export function startSwapController(everyMs = 5000): void {
  if (timer) return;
  let busy = false;
  timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void generateProposals()
      .then(() => advanceCanaries())
      .catch((err) => logger.warn("swap controller failed", { error: (err as Error).message }))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  // Stop before the database does at shutdown (else one last pass logs a "database is shutting down" warning).
  registerShutdownHook("swap-controller", () => {
    if (timer) clearInterval(timer);
    timer = null;
  });
}
