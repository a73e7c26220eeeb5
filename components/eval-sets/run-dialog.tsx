"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { controlProps, FieldError, formErrorsFromApi, FormField, numberOrUndefined, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatInt } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useStartEvalRuns } from "@/lib/queries/eval-sets";
import { useModels } from "@/lib/queries/models";
import { evalRunCreateInput, type EvalSetOutput } from "@/lib/schemas/eval-sets";
import type { TeamOutput } from "@/lib/schemas/teams";

const FIELDS = ["models", "teamId", "limit"] as const;
const MAX_MODELS = 5;

/** Run a set against 1-5 models for a team (its routing context; the calls are evaluation cost, never budget). */
export function RunEvalDialog({ set, onClose, onStarted, teams }: { set: EvalSetOutput | null; onClose: () => void; onStarted: (setId: string) => void; teams: TeamOutput[] }) {
  if (!set) return null;
  return <RunForm set={set} onClose={onClose} onStarted={onStarted} teams={teams} />;
}

function RunForm({ set, onClose, onStarted, teams }: { set: EvalSetOutput; onClose: () => void; onStarted: (setId: string) => void; teams: TeamOutput[] }) {
  const models = useModels();
  const start = useStartEvalRuns();
  // A team's set can only run for that team.
  const teamChoices = set.teamId ? teams.filter((t) => t.id === set.teamId) : teams;
  const [selected, setSelected] = useState<string[]>([]);
  const [teamId, setTeamId] = useState(teamChoices[0]?.id ?? "");
  const [limit, setLimit] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const enabledModels = (models.data ?? []).filter((m) => m.enabled);

  function toggle(name: string, on: boolean) {
    setSelected((prev) => (on ? [...prev, name] : prev.filter((n) => n !== name)));
    setErrors(({ models: _, ...rest }) => rest);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = evalRunCreateInput.safeParse({ models: selected, teamId, limit: numberOrUndefined(limit) });
    if (!parsed.success) {
      const problems = zodFieldErrors(parsed.error);
      // Paths like "models" or "models.0" land on the checkbox group.
      const mapped: FieldErrors = {};
      for (const [path, message] of Object.entries(problems)) mapped[FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) ?? "_form"] ??= message;
      if (mapped.models && selected.length === 0) mapped.models = "Choose at least one model";
      if (mapped.models && selected.length > MAX_MODELS) mapped.models = `At most ${MAX_MODELS} models per run`;
      if (mapped.teamId && !teamId) mapped.teamId = "Choose a team";
      return setErrors(mapped);
    }
    setErrors({});
    start.mutate(
      { id: set.id, input: parsed.data },
      {
        onSuccess: () => {
          toast.success(`Started ${parsed.data.models.length === 1 ? "1 run" : `${parsed.data.models.length} runs`} of “${set.name}”`, { description: "Progress updates below as answers are graded." });
          onStarted(set.id);
          onClose();
        },
        onError: (err) => {
          const mapped = formErrorsFromApi(err, FIELDS);
          setErrors(mapped.fields);
          setFormError(mapped.form);
        },
      },
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Run ${set.name}`}
      description={`${formatInt(set.items)} items. One run per model, in the background, through the team's gateway path; the calls count as evaluation cost, not against the budget.`}
      dismissible={!start.isPending}
      onSubmit={onSubmit}
      footer={<FormDialogFooter onCancel={onClose} pending={start.isPending} submitLabel="Start runs" />}
    >
      <div className="space-y-4">
        <fieldset aria-describedby={errors.models ? "run-models-error" : undefined}>
          <legend className="text-sm font-medium text-fg">Models</legend>
          <p className="mb-2 text-xs text-muted">Up to {MAX_MODELS}.</p>
          {models.isPending ? (
            <p className="text-sm text-muted">Loading models…</p>
          ) : models.isError ? (
            <ErrorAlert>Could not load models: {models.error.message}</ErrorAlert>
          ) : (
            <div className="grid gap-2 sm:grid-cols-2">
              {enabledModels.map((m) => (
                <Checkbox
                  key={m.id}
                  id={`run-model-${m.id}`}
                  label={m.name}
                  description={m.providerName}
                  checked={selected.includes(m.name)}
                  onChange={(e) => toggle(m.name, e.target.checked)}
                  disabled={!selected.includes(m.name) && selected.length >= MAX_MODELS}
                />
              ))}
            </div>
          )}
          {errors.models && (
            <div className="mt-2">
              <FieldError id="run-models-error">{errors.models}</FieldError>
            </div>
          )}
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="run-team" label="Team" error={errors.teamId} hint="Whose routing context and evaluation cost the runs use">
            <Select {...controlProps("run-team", { error: errors.teamId, hint: true })} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              {teamChoices.length === 0 && <option value="">No team available</option>}
              {teamChoices.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField id="run-limit" label="Limit" optional error={errors.limit} hint={`Only the first N of ${formatInt(set.items)} items`}>
            <Input {...controlProps("run-limit", { error: errors.limit, hint: true })} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder={String(set.items)} />
          </FormField>
        </div>
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
