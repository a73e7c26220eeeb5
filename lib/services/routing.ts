import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { loadGatewayConfigWithoutSecrets } from "@/lib/db/gateway-config";
import * as repo from "@/lib/db/routing";
import { findTeam } from "@/lib/db/teams";
import { qualityCache } from "@/lib/gateway/quality-cache";
import { buildSnapshot, DEFAULT_TASKS, type Snapshot } from "@/lib/gateway/snapshot";
import { taskClassifiers } from "@/lib/gateway/task-classifier";
import { resolveRoute } from "@/lib/router/resolve";
import type { RouteTryInput, RouteTryOutput, RoutingPolicyInput, RoutingPolicyOutput } from "@/lib/schemas/routing";
import { recordAudit } from "@/lib/services/audit";
import { assertTeamAccess, auditBy, iso, type Caller } from "@/lib/services/context";

// Routing policies: per team, task -> ordered models (primary, then fallbacks) with optional weights, default
// models for other tasks, and (admin only) the models the team may use at all.

export async function getPolicy(c: Caller, teamId: string): Promise<RoutingPolicyOutput> {
  assertTeamAccess(c, "routing:read", teamId);
  if (!(await findTeam(teamId))) throw new AppError("not_found", "No such team");
  return readPolicy(teamId);
}

async function readPolicy(teamId: string): Promise<RoutingPolicyOutput> {
  const [p, allowed] = await Promise.all([repo.findPolicy(teamId), repo.allowedModelNames(teamId)]);
  const rules = (p?.rules ?? []).filter((r) => r.task !== "*");
  const defaults = p?.rules.find((r) => r.task === "*");
  return {
    teamId,
    version: p?.version ?? 0,
    tasks: p?.tasks ?? DEFAULT_TASKS,
    qualityTolerance: p?.qualityTolerance ?? 0.02,
    rules: rules.map((r) => {
      const weights = r.targets.map((t) => t.weight);
      return { task: r.task, models: r.targets.map((t) => t.model.name), ...(weights.some((w) => w !== null) ? { weights: weights.map((w) => w ?? 0) } : {}) };
    }),
    defaultModels: defaults?.targets.map((t) => t.model.name) ?? [],
    allowedModels: allowed.map((a) => a.model.name).sort(),
    updatedAt: iso(p?.updatedAt),
  };
}

type FieldError = { path: string; message: string };

export async function putPolicy(c: Caller, teamId: string, input: RoutingPolicyInput): Promise<RoutingPolicyOutput> {
  assertTeamAccess(c, "routing:write", teamId);
  // Widening what a team may use is an admin decision, not a team lead's (mass assignment).
  if (input.allowedModels !== undefined && !can(c.actor.role, "teams:write")) {
    throw new AppError("forbidden", "Only admins may change a team's allowed models (allowedModels)");
  }
  if (!(await findTeam(teamId))) throw new AppError("not_found", "No such team");
  const index = await repo.modelNameIndex();
  const errors: FieldError[] = [];
  const resolve = (ref: string, path: string) => {
    const m = index.get(ref.toLowerCase());
    if (!m) errors.push({ path, message: `No model named "${ref}"` });
    return m;
  };

  const allowedIds = input.allowedModels?.map((n, i) => resolve(n, `allowedModels.${i}`)?.id).filter((x): x is string => !!x);
  const effectiveAllowed = input.allowedModels !== undefined ? new Set(allowedIds) : new Set((await repo.allowedModelNames(teamId)).map((a) => a.model.id));
  const checkAllowed = (id: string | undefined, ref: string, path: string) => {
    if (id && effectiveAllowed.size > 0 && !effectiveAllowed.has(id)) errors.push({ path, message: `"${ref}" is not among the team's allowed models` });
  };

  const tasks = input.tasks ?? (await repo.findPolicy(teamId))?.tasks ?? DEFAULT_TASKS;
  const rules = input.rules.map((r, ri) => {
    if (!tasks.includes(r.task)) errors.push({ path: `rules.${ri}.task`, message: `"${r.task}" is not one of the team's tasks (${tasks.join(", ")})` });
    if (r.weights && r.weights.every((w) => w === 0)) errors.push({ path: `rules.${ri}.weights`, message: "At least one weight must be above 0" });
    return {
      task: r.task,
      targets: r.models.map((ref, mi) => {
        const m = resolve(ref, `rules.${ri}.models.${mi}`);
        checkAllowed(m?.id, ref, `rules.${ri}.models.${mi}`);
        return { modelId: m?.id ?? "", weight: r.weights ? r.weights[mi]! : null };
      }),
    };
  });
  const defaults = input.defaultModels.map((ref, i) => {
    const m = resolve(ref, `defaultModels.${i}`);
    checkAllowed(m?.id, ref, `defaultModels.${i}`);
    return { modelId: m?.id ?? "", weight: null };
  });
  if (new Set(defaults.map((d) => d.modelId)).size !== defaults.length) errors.push({ path: "defaultModels", message: "A model appears twice" });
  if (errors.length) throw new AppError("unprocessable", `${errors[0]!.path}: ${errors[0]!.message}`, errors);

  const before = await readPolicy(teamId);
  await prisma.$transaction(async (tx) => {
    await repo.replacePolicy(
      teamId,
      { rules: [...rules, ...(defaults.length ? [{ task: "*", targets: defaults }] : [])], tasks: input.tasks, qualityTolerance: input.qualityTolerance, allowedModelIds: allowedIds },
      tx,
    );
  });
  const after = await readPolicy(teamId);
  await recordAudit(auditBy(c, { action: "routing.update", resourceType: "routing_policy", resourceId: teamId, teamId, before: { ...before, updatedAt: undefined }, after: { ...after, updatedAt: undefined } }));
  return after;
}

/** "Try it": the gateway's own routing code (resolveRoute + classifier) on the team's current policy, without
 * sending anything upstream. Weighted splits are shown at their most likely primary (random = 0). */
export async function tryRoute(c: Caller, teamId: string, input: RouteTryInput): Promise<RouteTryOutput> {
  assertTeamAccess(c, "routing:read", teamId);
  const rows = await loadGatewayConfigWithoutSecrets();
  const snap = buildSnapshot(rows, null, Date.now());
  const team = snap.teams.get(teamId);
  if (!team) throw new AppError("not_found", "No such team (or it is archived)");
  const decision = resolveRoute(
    team.policy,
    snap.catalog,
    { requestedModel: input.model, taskHeader: input.task || null, taskMetadata: null, prompt: input.prompt },
    { random: () => 0, isCoolingDown: () => false, classify: taskClassifiers().classifierFor(teamId), ...(await qualityDeps(snap, teamId, input.prompt)) },
  );
  if (!decision.ok) return { ok: false, status: decision.status, code: decision.code, message: decision.message };
  return {
    ok: true,
    task: decision.task,
    taskSource: decision.taskSource,
    reason: decision.reason,
    chain: decision.chain.map((m) => ({ name: m.name, provider: snap.providers.get(m.providerId)?.name ?? "?", inHouse: m.inHouse })),
  };
}

/** The same measured-quality ranking the gateway uses, read fresh (the preview should not lag behind). */
async function qualityDeps(snap: Snapshot, teamId: string, prompt: string) {
  const cache = qualityCache();
  await cache.load();
  return cache.depsFor(snap, teamId, Date.now(), prompt);
}
