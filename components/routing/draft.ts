import type { RoutingPolicyInput, RoutingPolicyOutput } from "@/lib/schemas/routing";

// The routing editor's working copy: every row has a stable key (for React and drag-and-drop) and weights are
// the text of their inputs, so half-typed numbers survive re-renders. toPayload() turns it into the PUT body.

export type DraftModel = { key: string; name: string; weight: string };
export type DraftRule = { key: string; task: string; models: DraftModel[]; useWeights: boolean };
export type PolicyDraft = { tasks: string[]; rules: DraftRule[]; defaultModels: DraftModel[]; allowedModels: string[]; qualityTolerance: string };

let counter = 0;
export const newKey = (prefix: string) => `${prefix}-${++counter}`;

export const draftModel = (name: string, weight = ""): DraftModel => ({ key: newKey("m"), name, weight });

export function toDraft(policy: RoutingPolicyOutput): PolicyDraft {
  return {
    tasks: [...policy.tasks],
    rules: policy.rules.map((r) => ({
      key: newKey("r"),
      task: r.task,
      useWeights: Boolean(r.weights),
      models: r.models.map((name, i) => draftModel(name, r.weights ? String(r.weights[i] ?? 0) : "")),
    })),
    defaultModels: policy.defaultModels.map((name) => draftModel(name)),
    allowedModels: [...policy.allowedModels],
    qualityTolerance: String(policy.qualityTolerance),
  };
}

/** The PUT body. allowedModels only for admins (a team lead sending it gets a 403); tasks only when a rule
 * introduced a new one (the server checks every rule's task against the team's list). */
export function toPayload(
  draft: PolicyDraft,
  { includeAllowed, originalTasks, originalTolerance }: { includeAllowed: boolean; originalTasks: readonly string[]; originalTolerance?: number },
): RoutingPolicyInput {
  const weight = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  const tasksChanged = draft.tasks.join("\n") !== originalTasks.join("\n");
  const tolerance = draft.qualityTolerance.trim() === "" ? Number.NaN : Number(draft.qualityTolerance);
  return {
    rules: draft.rules.map((r) => ({
      task: r.task,
      models: r.models.map((m) => m.name),
      ...(r.useWeights ? { weights: r.models.map((m) => weight(m.weight)) } : {}),
    })),
    defaultModels: draft.defaultModels.map((m) => m.name),
    ...(includeAllowed ? { allowedModels: draft.allowedModels } : {}),
    ...(tasksChanged ? { tasks: draft.tasks } : {}),
    ...(tolerance !== originalTolerance ? { qualityTolerance: tolerance } : {}),
  };
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Paths the editor shows next to a control; any other error path goes to the form-level alert. */
const SHOWN = /^(qualityTolerance|defaultModels(\.\d+)?|allowedModels(\.\d+)?|rules\.\d+(\.(task|models|weights)(\.\d+)?)?)$/;
export const isShownPath = (path: string) => SHOWN.test(path);
