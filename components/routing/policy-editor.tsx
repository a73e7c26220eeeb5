"use client";

import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ModelChain } from "@/components/routing/model-chain";
import { isShownPath, newKey, toDraft, toPayload, type DraftRule, type PolicyDraft } from "@/components/routing/draft";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatDateTime } from "@/components/ui/format";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ApiError, errorMessage } from "@/lib/queries/fetch-json";
import { useSaveRoutingPolicy } from "@/lib/queries/routing";
import type { ModelOutput } from "@/lib/schemas/models";
import { routingPolicyInput, type RoutingPolicyOutput } from "@/lib/schemas/routing";
import { task as taskSchema } from "@/lib/schemas/common";

const CUSTOM = "__custom__";

type EditorProps = {
  teamId: string;
  policy: RoutingPolicyOutput;
  models: ModelOutput[];
  canWrite: boolean;
  /** Admins only: a team lead may not widen what the team may use. */
  canEditAllowed: boolean;
};

/** The team's routing policy: rules per task, default models, allowed models. Saves the whole policy (PUT). */
export function PolicyEditor({ teamId, policy, models, canWrite, canEditAllowed }: EditorProps) {
  const save = useSaveRoutingPolicy(teamId);
  const [draft, setDraft] = useState<PolicyDraft>(() => toDraft(policy));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const readOnly = !canWrite;
  const payloadOptions = { includeAllowed: canEditAllowed, originalTasks: policy.tasks, originalTolerance: policy.qualityTolerance };
  const initialJson = useMemo(
    () => JSON.stringify(toPayload(toDraft(policy), { includeAllowed: canEditAllowed, originalTasks: policy.tasks, originalTolerance: policy.qualityTolerance })),
    [policy, canEditAllowed],
  );
  const dirty = JSON.stringify(toPayload(draft, payloadOptions)) !== initialJson;

  function change(update: (d: PolicyDraft) => PolicyDraft) {
    setDraft(update);
    setErrors({});
    setFormError(null);
  }
  const setRule = (key: string, update: (r: DraftRule) => DraftRule) => change((d) => ({ ...d, rules: d.rules.map((r) => (r.key === key ? update(r) : r)) }));

  function onSave() {
    const payload = toPayload(draft, payloadOptions);
    const parsed = routingPolicyInput.safeParse(payload);
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error);
      setErrors(found);
      setFormError(unshown(found) ?? "Fix the highlighted fields, then save again.");
      return;
    }
    // mutateAsync, not mutate callbacks: a save re-keys this editor (new version), and a callback passed to
    // mutate() is dropped once its component unmounts.
    save.mutateAsync(parsed.data).then(
      (saved) => toast.success("Routing policy saved", { description: `Version ${saved.version}. The gateway uses it within a second.` }),
      (err: unknown) => {
        const found = err instanceof ApiError ? err.fieldErrors : {};
        setErrors(found);
        setFormError(Object.keys(found).length === 0 ? errorMessage(err) : (unshown(found) ?? "The policy was not saved: fix the highlighted fields."));
      },
    );
  }

  const usedTasks = new Set(draft.rules.map((r) => r.task));
  return (
    <div className="space-y-6">
      {formError && <ErrorAlert>{formError}</ErrorAlert>}

      <Card>
        <CardHeader
          title="Rules by task"
          description="Each task goes to its primary model; the others are fallbacks, tried in order when it fails. Weights split traffic (for canaries); weight 0 is fallback only."
        />
        {draft.rules.length === 0 ? (
          <CardBody>
            <p className="text-sm text-muted">No rules: every task uses the default models.</p>
          </CardBody>
        ) : (
          <ul aria-label="Routing rules" className="divide-y divide-border">
            {draft.rules.map((rule, ri) => (
              <li key={rule.key} aria-label={`Rule for ${rule.task}`} className="space-y-3 px-5 py-4">
                <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
                  {readOnly ? (
                    <span className="font-mono text-sm font-semibold">{rule.task}</span>
                  ) : (
                    <div className="flex items-center gap-2">
                      {/* The select is named "Task of rule N" (aria-label); this visible word is decoration. */}
                      <span aria-hidden className="text-xs font-medium text-muted">
                        Task
                      </span>
                      <Select
                        id={`${rule.key}-task`}
                        value={rule.task}
                        aria-label={`Task of rule ${ri + 1}`}
                        aria-invalid={errors[`rules.${ri}.task`] ? true : undefined}
                        onChange={(e) => setRule(rule.key, (r) => ({ ...r, task: e.target.value }))}
                        className="w-44"
                      >
                        {draft.tasks
                          .filter((t) => t === rule.task || !usedTasks.has(t))
                          .map((t) => (
                            <option key={t} value={t}>
                              {t}
                            </option>
                          ))}
                        {!draft.tasks.includes(rule.task) && <option value={rule.task}>{rule.task}</option>}
                      </Select>
                    </div>
                  )}
                  {rule.useWeights && readOnly && <Badge tone="accent">weighted split</Badge>}
                  {!readOnly && (
                    <Checkbox
                      id={`${rule.key}-weights`}
                      label="Split by weight"
                      checked={rule.useWeights}
                      onChange={(e) => {
                        const on = e.target.checked;
                        setRule(rule.key, (r) => ({ ...r, useWeights: on, models: r.models.map((m, i) => ({ ...m, weight: on ? m.weight || (i === 0 ? "100" : "0") : "" })) }));
                      }}
                    />
                  )}
                  {!readOnly && (
                    <Button
                      variant="ghost"
                      size="sm"
                      className="ml-auto hover:text-danger"
                      aria-label={`Remove rule for ${rule.task}`}
                      onClick={() => change((d) => ({ ...d, rules: d.rules.filter((r) => r.key !== rule.key) }))}
                    >
                      Remove rule
                    </Button>
                  )}
                </div>
                {errors[`rules.${ri}.task`] && <FieldError>{errors[`rules.${ri}.task`]}</FieldError>}
                <ModelChain
                  label={rule.task}
                  path={`rules.${ri}`}
                  items={rule.models}
                  onChange={(items) => setRule(rule.key, (r) => ({ ...r, models: items }))}
                  models={models}
                  allowed={draft.allowedModels}
                  showWeights={rule.useWeights}
                  readOnly={readOnly}
                  errors={errors}
                />
                {(errors[`rules.${ri}.models`] || errors[`rules.${ri}.weights`] || errors[`rules.${ri}`]) && (
                  <FieldError>{errors[`rules.${ri}.models`] ?? errors[`rules.${ri}.weights`] ?? errors[`rules.${ri}`]}</FieldError>
                )}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && (
          <AddRule
            tasks={draft.tasks}
            used={usedTasks}
            onAdd={(task) =>
              change((d) => ({
                ...d,
                tasks: d.tasks.includes(task) ? d.tasks : [...d.tasks, task],
                rules: [...d.rules, { key: newKey("r"), task, models: [], useWeights: false }],
              }))
            }
          />
        )}
      </Card>

      <Card>
        <CardHeader title="Default models" description="For every task without a rule, and when a rule's models all fail. Primary first." />
        <CardBody>
          <ModelChain
            label="default models"
            path="defaultModels"
            items={draft.defaultModels}
            onChange={(items) => change((d) => ({ ...d, defaultModels: items }))}
            models={models}
            allowed={draft.allowedModels}
            showWeights={false}
            readOnly={readOnly}
            errors={errors}
          />
          {errors.defaultModels && <FieldError>{errors.defaultModels}</FieldError>}
        </CardBody>
      </Card>

      <AutoRouting
        tasks={draft.tasks}
        value={draft.qualityTolerance}
        readOnly={readOnly}
        error={errors.qualityTolerance}
        onChange={(qualityTolerance) => change((d) => ({ ...d, qualityTolerance }))}
      />

      <AllowedModels
        models={models}
        value={draft.allowedModels}
        editable={canEditAllowed}
        errors={errors}
        onChange={(allowedModels) => change((d) => ({ ...d, allowedModels }))}
      />

      {!readOnly && (
        <div className="sticky bottom-0 z-10 -mx-4 flex flex-wrap items-center justify-end gap-3 border-t border-border bg-canvas/90 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-xl sm:border">
          <p className="mr-auto text-xs text-muted" aria-live="polite">
            {dirty ? "Unsaved changes" : `Version ${policy.version}${policy.updatedAt ? ` · saved ${formatDateTime(policy.updatedAt)}` : ""}`}
          </p>
          <Button
            variant="ghost"
            disabled={!dirty || save.isPending}
            onClick={() => {
              setDraft(toDraft(policy));
              setErrors({});
              setFormError(null);
            }}
          >
            Discard changes
          </Button>
          <Button onClick={onSave} loading={save.isPending} disabled={!dirty}>
            Save
          </Button>
        </div>
      )}
    </div>
  );
}

/** The first error message with a path the editor does not show next to a control. */
function unshown(errors: FieldErrors): string | null {
  const entry = Object.entries(errors).find(([path]) => !isShownPath(path));
  return entry ? (entry[0] === "_form" ? entry[1] : `${entry[0]}: ${entry[1]}`) : null;
}

function AddRule({ tasks, used, onAdd }: { tasks: string[]; used: Set<string>; onAdd: (task: string) => void }) {
  const free = tasks.filter((t) => !used.has(t));
  const [choice, setChoice] = useState(free[0] ?? CUSTOM);
  const [custom, setCustom] = useState("");
  const [error, setError] = useState<string | null>(null);
  const selected = free.includes(choice) || choice === CUSTOM ? choice : (free[0] ?? CUSTOM);

  function add() {
    const task = selected === CUSTOM ? custom : selected;
    const parsed = taskSchema.safeParse(task);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid task");
    if (used.has(parsed.data)) return setError(`“${parsed.data}” already has a rule`);
    setError(null);
    onAdd(parsed.data);
    setCustom("");
    setChoice("");
  }

  return (
    <div className="border-t border-border px-5 py-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48 space-y-1">
          <Label htmlFor="new-rule-task" className="text-xs text-muted">
            New rule for task
          </Label>
          <Select id="new-rule-task" value={selected} onChange={(e) => (setChoice(e.target.value), setError(null))}>
            {free.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
            <option value={CUSTOM}>Other task…</option>
          </Select>
        </div>
        {selected === CUSTOM && (
          <div className="w-48 space-y-1">
            <Label htmlFor="new-rule-custom-task" className="text-xs text-muted">
              Task name
            </Label>
            <Input
              id="new-rule-custom-task"
              value={custom}
              onChange={(e) => (setCustom(e.target.value), setError(null))}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  add();
                }
              }}
              placeholder="translation"
              aria-invalid={error ? true : undefined}
              className="font-mono"
            />
          </div>
        )}
        <Button variant="secondary" onClick={add}>
          Add rule
        </Button>
      </div>
      {error && <FieldError>{error}</FieldError>}
      {selected === CUSTOM && <p className="mt-2 text-xs text-muted">A new task is added to the team&apos;s task list, so the classifier and the x-switchyard-task header can use it.</p>}
    </div>
  );
}

function AllowedModels({ models, value, editable, errors, onChange }: { models: ModelOutput[]; value: string[]; editable: boolean; errors: FieldErrors; onChange: (names: string[]) => void }) {
  const selected = new Set(value.map((v) => v.toLowerCase()));
  const sorted = [...models].sort((a, b) => a.name.localeCompare(b.name));
  const error = errors.allowedModels ?? Object.entries(errors).find(([p]) => p.startsWith("allowedModels."))?.[1];
  return (
    <Card>
      <CardHeader
        title="Allowed models"
        description={
          editable
            ? "Restrict the models this team may use, by rule or by name. None selected: every enabled model."
            : "Set by an admin. None listed: every enabled model."
        }
        actions={editable && value.length > 0 && <Button variant="ghost" size="sm" onClick={() => onChange([])}>Clear</Button>}
      />
      <CardBody>
        {editable ? (
          <fieldset>
            <legend className="sr-only">Allowed models</legend>
            <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {sorted.map((m) => (
                <Checkbox
                  key={m.id}
                  id={`allowed-${m.id}`}
                  label={<span className="font-mono text-[13px]">{m.name}</span>}
                  description={`${m.providerName}${m.inHouse ? " · in-house" : ""}${m.enabled ? "" : " · disabled"}`}
                  checked={selected.has(m.name.toLowerCase())}
                  onChange={(e) => onChange(e.target.checked ? [...value, m.name] : value.filter((v) => v.toLowerCase() !== m.name.toLowerCase()))}
                />
              ))}
            </div>
          </fieldset>
        ) : value.length === 0 ? (
          <p className="text-sm text-muted">Every enabled model.</p>
        ) : (
          <ul aria-label="Allowed models" className="flex flex-wrap gap-1.5">
            {value.map((name) => (
              <li key={name}>
                <Badge className="font-mono">{name}</Badge>
              </li>
            ))}
          </ul>
        )}
        {error && <FieldError>{error}</FieldError>}
      </CardBody>
    </Card>
  );
}

const TOLERANCE_PRESETS = [
  { label: "Quality", value: "0", hint: "always the best-measured model" },
  { label: "Balanced", value: "0.02", hint: "cheaper if within 2 points" },
  { label: "Cost", value: "0.05", hint: "cheaper if within 5 points" },
] as const;

/** model: "auto": the team's quality tolerance (Azure-style quality / balanced / cost modes, or any value) and its
 * task taxonomy (the labels the classifier may choose; a rule for a new task adds one). */
function AutoRouting({ tasks, value, readOnly, error, onChange }: { tasks: string[]; value: string; readOnly: boolean; error?: string; onChange: (v: string) => void }) {
  const preset = TOLERANCE_PRESETS.find((p) => Number(p.value) === Number(value));
  return (
    <Card>
      <CardHeader
        title="Auto routing"
        description='For requests with model "auto": the cheapest model whose measured quality on the task (adjusted for the prompt) is within this tolerance of the best one.'
      />
      <CardBody className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <div role="group" aria-label="Quality tolerance preset" className="inline-flex overflow-hidden rounded-lg border border-border">
            {TOLERANCE_PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                title={p.hint}
                disabled={readOnly}
                aria-pressed={preset?.value === p.value}
                onClick={() => onChange(p.value)}
                className={`px-3 py-1.5 text-sm ${preset?.value === p.value ? "bg-accent text-accent-fg" : "bg-surface text-fg hover:bg-subtle"} disabled:opacity-60`}
              >
                {p.label}
              </button>
            ))}
          </div>
          <div className="w-40 space-y-1">
            <Label htmlFor="quality-tolerance" className="text-xs text-muted">
              Tolerance (0 to 1)
            </Label>
            <Input id="quality-tolerance" inputMode="decimal" value={value} disabled={readOnly} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} />
          </div>
          <p className="pb-1.5 text-xs text-muted">{preset ? preset.hint : `cheaper if within ${Math.round(Number(value) * 100) || 0} points`}</p>
        </div>
        {error && <FieldError>{error}</FieldError>}
        <div>
          <p className="mb-1.5 text-xs text-muted">Task taxonomy (the classifier picks one of these for prompts without a task hint; it learns from requests that name one)</p>
          <div className="flex flex-wrap gap-1.5">
            {tasks.map((t) => (
              <Badge key={t}>{t}</Badge>
            ))}
          </div>
        </div>
      </CardBody>
    </Card>
  );
}
