"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { parseThresholds } from "@/components/teams/slug";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { controlProps, formErrorsFromApi, FormField, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatUsd } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { useUpdateTeam } from "@/lib/queries/teams";
import { teamUpdateInput, type TeamOutput, type TeamUpdateInput } from "@/lib/schemas/teams";

const FIELDS = ["name", "costCenter", "monthlyBudgetUsd", "budgetAlertThresholds", "budgetWebhookUrl", "storeBodies"] as const;

/** The team's own settings: an editable form for teams:write, a summary otherwise. */
export function TeamSettingsCard({ team, canWrite }: { team: TeamOutput; canWrite: boolean }) {
  if (!canWrite || team.archivedAt) return <TeamSummary team={team} />;
  // Keyed on updatedAt: a save (or another admin's change) re-seeds the form.
  return <TeamSettingsForm key={team.updatedAt} team={team} />;
}

function TeamSummary({ team }: { team: TeamOutput }) {
  const rows: [string, React.ReactNode][] = [
    ["Slug", <span className="font-mono text-xs">{team.slug}</span>],
    ["Cost centre", team.costCenter ?? "—"],
    ["Monthly budget", team.monthlyBudgetUsd === null ? "No budget" : formatUsd(team.monthlyBudgetUsd)],
    ["Budget alerts", team.budgetAlertThresholds.length ? team.budgetAlertThresholds.map((t) => `${t}%`).join(", ") : "None"],
    ["Alert webhook", team.budgetWebhookUrl ? <span className="font-mono text-xs break-all">{team.budgetWebhookUrl}</span> : "None"],
    ["Request bodies", team.storeBodies ? <Badge tone="warning">stored</Badge> : "Not stored"],
  ];
  return (
    <Card>
      <CardHeader title="Settings" />
      <CardBody>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs text-muted">{label}</dt>
              <dd className="mt-0.5 text-fg">{value}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}

function TeamSettingsForm({ team }: { team: TeamOutput }) {
  const update = useUpdateTeam(team.id);
  const [name, setName] = useState(team.name);
  const [costCenter, setCostCenter] = useState(team.costCenter ?? "");
  const [budget, setBudget] = useState(team.monthlyBudgetUsd === null ? "" : String(team.monthlyBudgetUsd));
  const [thresholds, setThresholds] = useState(team.budgetAlertThresholds.join(", "));
  const [storeBodies, setStoreBodies] = useState(team.storeBodies);
  const [webhook, setWebhook] = useState(team.budgetWebhookUrl ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const patch: TeamUpdateInput = {};
    if (name.trim() !== team.name) patch.name = name;
    const cc = costCenter.trim() || null;
    if (cc !== team.costCenter) patch.costCenter = cc;
    const b = budget.trim() === "" ? null : Number(budget);
    if (b !== team.monthlyBudgetUsd) patch.monthlyBudgetUsd = b;
    const t = parseThresholds(thresholds);
    if (t.join(",") !== team.budgetAlertThresholds.join(",")) patch.budgetAlertThresholds = t;
    if (storeBodies !== team.storeBodies) patch.storeBodies = storeBodies;
    const hook = webhook.trim() || null;
    if (hook !== team.budgetWebhookUrl) patch.budgetWebhookUrl = hook;
    const parsed = teamUpdateInput.safeParse(patch);
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    if (Object.keys(parsed.data).length === 0) {
      toast.info("Nothing to save");
      return;
    }
    // The form is keyed on updatedAt and remounts after a save: mutate() callbacks would be dropped.
    update.mutateAsync(parsed.data).then(
      () => toast.success("Team settings saved"),
      (err: unknown) => {
        const mapped = formErrorsFromApi(err, FIELDS, "name");
        setErrors(mapped.fields);
        setFormError(mapped.form);
      },
    );
  }

  const thresholdError = errors.budgetAlertThresholds;
  return (
    <Card>
      <CardHeader title="Settings" description={<>Slug <span className="font-mono text-xs">{team.slug}</span></>} />
      <form noValidate onSubmit={onSubmit} aria-label="Team settings">
        <CardBody className="space-y-4">
          {formError && <ErrorAlert>{formError}</ErrorAlert>}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="settings-name" label="Name" error={errors.name}>
              <Input {...controlProps("settings-name", { error: errors.name })} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
            </FormField>
            <FormField id="settings-cost-center" label="Cost centre" optional error={errors.costCenter}>
              <Input {...controlProps("settings-cost-center", { error: errors.costCenter })} value={costCenter} onChange={(e) => setCostCenter(e.target.value)} autoComplete="off" />
            </FormField>
            <FormField id="settings-budget" label="Monthly budget (USD)" optional error={errors.monthlyBudgetUsd} hint="Empty: no budget.">
              <Input
                {...controlProps("settings-budget", { error: errors.monthlyBudgetUsd, hint: true })}
                type="number"
                min={0}
                step="any"
                inputMode="decimal"
                value={budget}
                onChange={(e) => setBudget(e.target.value)}
                placeholder="No budget"
              />
            </FormField>
            <FormField id="settings-thresholds" label="Alert thresholds (%)" optional error={thresholdError} hint="Percent of the budget, e.g. 50, 80, 100.">
              <Input
                {...controlProps("settings-thresholds", { error: thresholdError, hint: true })}
                value={thresholds}
                onChange={(e) => setThresholds(e.target.value)}
                placeholder="50, 80, 100"
                autoComplete="off"
              />
            </FormField>
            <FormField
              id="settings-webhook"
              label="Alert webhook URL"
              optional
              error={errors.budgetWebhookUrl}
              hint="Budget alerts are POSTed here as JSON (private hosts need the upstream allowlist)."
              className="sm:col-span-2"
            >
              <Input
                {...controlProps("settings-webhook", { error: errors.budgetWebhookUrl, hint: true })}
                value={webhook}
                onChange={(e) => setWebhook(e.target.value)}
                placeholder="https://hooks.example.com/switchyard"
                autoComplete="off"
                className="font-mono"
              />
            </FormField>
          </div>
          <Checkbox
            id="settings-store-bodies"
            label="Store request and response bodies"
            description="Keeps prompts and answers (secrets redacted) for debugging and evaluations. Off: only metadata, tokens and cost are logged."
            checked={storeBodies}
            onChange={(e) => setStoreBodies(e.target.checked)}
          />
        </CardBody>
        <div className="flex justify-end border-t border-border px-5 py-3">
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
