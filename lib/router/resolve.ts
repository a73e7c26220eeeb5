import { chooseModel } from "@/lib/router/auto/quality";
import type { Catalog, CatalogModel, RouteDecision, RouteDeps, RouteError, RouteRequest, RuleTarget, TeamPolicy, TaskSource } from "@/lib/router/types";

/** Graded answers a model needs on a task before auto-routing trusts its measured quality. */
export const MIN_QUALITY_SAMPLES = 20;

/**
 * Auto-routing by measured quality: among the rule's models with enough graded outcomes on this task (each estimate
 * possibly adjusted for this prompt by the team's predictor), the cheapest whose quality is within the team's
 * tolerance of the best goes first; the rest keep the rule's order
 * as fallbacks. Without enough evidence the rule's order stands. Weighted rules (splits, canaries) are left alone.
 */
export function rankByQuality(chain: CatalogModel[], task: string, tolerance: number, deps: RouteDeps): { chain: CatalogModel[]; reason: string } | null {
  if (!deps.quality || !deps.pricePerMTok || chain.length < 2) return null;
  const known = chain.flatMap((m) => {
    const q = deps.quality!(task, m.id);
    return q && q.n >= MIN_QUALITY_SAMPLES ? [{ m, q }] : [];
  });
  if (known.length < 2 || known[0]!.m.id !== chain[0]!.id) return null;
  const choice = chooseModel(known.map(({ m, q }) => ({ id: m.name, costPerMTok: deps.pricePerMTok!(m.id), pGood: q.p })), tolerance);
  const picked = chain.find((m) => m.name === choice.id)!;
  // Per-prompt adjustments (the team's predictor moved a model's task mean for this prompt) are part of the "why".
  const adjusted = known.filter(({ q }) => q.adjust !== undefined).map(({ m, q }) => `${m.name} ${q.adjust! >= 0 ? "+" : ""}${q.adjust!.toFixed(2)}`);
  const reason = adjusted.length ? `${choice.reason} (per-prompt: ${adjusted.join(", ")})` : choice.reason;
  return { chain: [picked, ...chain.filter((m) => m !== picked)], reason };
}

const TASK_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function normalizeTask(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const t = raw.trim().toLowerCase();
  return TASK_RE.test(t) ? t : null;
}

function err(status: RouteError["status"], code: string, message: string): RouteError {
  return { ok: false, status, code, message };
}

/** Weighted targets compete for the primary slot (splits, canaries); the others, unweighted (null) or weight 0
 * ("fallback only", as the API and the editor say), keep their order as fallbacks. */
export function orderTargets(targets: readonly RuleTarget[], random: () => number): RuleTarget[] {
  const weighted = targets.filter((t) => t.weight !== null && t.weight > 0);
  if (weighted.length === 0) return [...targets];
  const total = weighted.reduce((s, t) => s + t.weight!, 0);
  let r = random() * total;
  let primary = weighted[weighted.length - 1]!;
  for (const t of weighted) {
    r -= t.weight!;
    if (r < 0) {
      primary = t;
      break;
    }
  }
  return [primary, ...targets.filter((t) => t !== primary)];
}

/** Pick the task, then the ordered chain of models for a request. Pure: the gateway and the admin "try it"
 * panel call exactly this. */
export function resolveRoute(policy: TeamPolicy, catalog: Catalog, req: RouteRequest, deps: RouteDeps): RouteDecision | RouteError {
  let task: string;
  let taskSource: TaskSource;
  let taskWhy: string;
  const header = normalizeTask(req.taskHeader);
  const meta = normalizeTask(req.taskMetadata);
  if (req.taskHeader && !header) return err(400, "invalid_task", "x-switchyard-task must be 1-40 characters of a-z, 0-9, - or _");
  if (header) [task, taskSource, taskWhy] = [header, "header", "header"];
  else if (meta) [task, taskSource, taskWhy] = [meta, "metadata", "metadata"];
  else {
    const guess = deps.classify(req.prompt, policy.tasks);
    [task, taskSource, taskWhy] = [guess.task, "classifier", `classifier p=${guess.confidence.toFixed(2)}`];
  }

  const usable = (id: string) => {
    const m = catalog.byId.get(id);
    return m && m.enabled && (!policy.allowed || policy.allowed.has(id)) ? m : undefined;
  };
  const rule = policy.rules.get(task);
  const ruleTargets = rule && rule.length > 0 ? rule : policy.defaults;
  const ruleLabel = rule && rule.length > 0 ? `rule "${task}"` : "default models";

  let chain: CatalogModel[];
  let reason: string;
  const requested = req.requestedModel.trim();
  if (requested.toLowerCase() === "auto") {
    chain = orderTargets(ruleTargets, deps.random).map((t) => usable(t.modelId)).filter((m): m is CatalogModel => !!m);
    if (chain.length === 0) {
      return err(400, "no_route", `No usable model for task "${task}": add a rule or default models to the team's routing policy`);
    }
    reason = `task "${task}" (${taskWhy}) -> ${ruleLabel}`;
    if (!ruleTargets.some((t) => t.weight !== null)) {
      const ranked = rankByQuality(chain, task, policy.qualityTolerance ?? 0.02, deps);
      if (ranked) {
        chain = ranked.chain;
        reason += `; ${ranked.reason}`;
      }
    }
  } else {
    const id = catalog.byName.get(requested.toLowerCase());
    const model = id ? catalog.byId.get(id) : undefined;
    if (!model || !model.enabled) return err(404, "model_not_found", `The model "${requested}" does not exist or is disabled`);
    if (policy.allowed && !policy.allowed.has(model.id)) return err(403, "model_not_allowed", `This team may not use the model "${model.name}"`);
    const fallbacks = ruleTargets.map((t) => usable(t.modelId)).filter((m): m is CatalogModel => !!m && m.id !== model.id);
    chain = [model, ...fallbacks];
    reason = `requested "${requested}"${fallbacks.length ? `; fallbacks from ${ruleLabel}` : ""}`;
  }

  // Models cooling down after repeated failures go last: still a last resort, never the first try.
  const warm = chain.filter((m) => !deps.isCoolingDown(m.id));
  if (warm.length !== chain.length) {
    const cold = chain.filter((m) => deps.isCoolingDown(m.id));
    chain = [...warm, ...cold];
    reason += `; cooling down: ${cold.map((m) => m.name).join(", ")}`;
  }
  return { ok: true, task, taskSource, chain, reason };
}
