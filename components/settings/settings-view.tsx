"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FieldError } from "@/components/ui/form";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { useCan } from "@/lib/auth/use-can";
import { ApiError, errorMessage } from "@/lib/queries/fetch-json";
import { useModels } from "@/lib/queries/models";
import { useSaveSettings, useSettings } from "@/lib/queries/settings";
import { FormField, controlProps, formErrorsFromApi } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { settingsInput, type SettingsOutput } from "@/lib/schemas/settings";

export function SettingsView() {
  const settings = useSettings();
  const canWrite = useCan("settings:write");
  return (
    <>
      <PageHeader title="Settings" description="Instance-wide configuration: which private hosts providers may use, and the environment in force." />
      {settings.isError ? (
        <QueryError what="settings" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <div aria-busy="true" className="space-y-6">
          <div className="h-64 animate-pulse rounded-xl bg-subtle" />
          <div className="h-48 animate-pulse rounded-xl bg-subtle" />
        </div>
      ) : (
        <div className="space-y-6">
          <AllowlistCard key={settings.data.upstreamAllowlist.join("\n")} settings={settings.data} canWrite={canWrite} />
          <AccuracyPolicyCard key={JSON.stringify([settings.data.judgeModel, settings.data.swapPolicy])} settings={settings.data} canWrite={canWrite} />
          <EnvironmentCard env={settings.data.environment} />
        </div>
      )}
    </>
  );
}

/** The admin-managed upstream allowlist as removable chips, with an input that takes one entry or a pasted list. */
function AllowlistCard({ settings, canWrite }: { settings: SettingsOutput; canWrite: boolean }) {
  const save = useSaveSettings();
  const [entries, setEntries] = useState<string[]>(settings.upstreamAllowlist);
  const [text, setText] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const [entryErrors, setEntryErrors] = useState<Record<number, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const dirty = entries.join("\n") !== settings.upstreamAllowlist.join("\n");

  function add() {
    const pasted = text
      .split(/[\s,]+/)
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    if (pasted.length === 0) return;
    const parsed = settingsInput.safeParse({ upstreamAllowlist: pasted });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const bad = typeof issue?.path[1] === "number" ? pasted[issue.path[1]] : undefined;
      setInputError(`${bad ? `“${bad}”: ` : ""}${issue?.message ?? "Invalid entry"}`);
      return;
    }
    setEntries((list) => [...list, ...parsed.data.upstreamAllowlist!.filter((e) => !list.includes(e))]);
    setText("");
    setInputError(null);
    setFormError(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = settingsInput.safeParse({ upstreamAllowlist: entries });
    if (!parsed.success) {
      const errs: Record<number, string> = {};
      for (const issue of parsed.error.issues) if (typeof issue.path[1] === "number") errs[issue.path[1]] ??= issue.message;
      setEntryErrors(errs);
      setFormError(Object.keys(errs).length ? "Fix the highlighted entries." : (parsed.error.issues[0]?.message ?? "Invalid allowlist"));
      return;
    }
    // The card is keyed on the saved list and remounts after a save: mutate() callbacks would be dropped.
    save.mutateAsync(parsed.data).then(
      () => toast.success("Upstream allowlist saved", { description: "Applies to provider saves, tests and the gateway within a second." }),
      (err: unknown) => {
        const errs: Record<number, string> = {};
        for (const [path, message] of Object.entries(err instanceof ApiError ? err.fieldErrors : {})) {
          const m = /^upstreamAllowlist\.(\d+)$/.exec(path);
          if (m) errs[Number(m[1])] = message;
        }
        setEntryErrors(errs);
        setFormError(Object.keys(errs).length ? "The server refused the highlighted entries." : errorMessage(err));
      },
    );
  }

  return (
    <Card>
      <CardHeader
        title="Upstream allowlist"
        description="Private, loopback and link-local addresses are blocked as provider base URLs (SSRF protection) unless listed here. Add your in-house model servers: a host, host:port or CIDR range."
      />
      <form noValidate onSubmit={onSubmit} aria-label="Upstream allowlist">
        <CardBody className="space-y-4">
          {formError && <ErrorAlert>{formError}</ErrorAlert>}
          <ul aria-label="Allowlist entries" className="flex min-h-9 flex-wrap gap-2">
            {entries.length === 0 && <li className="text-sm text-muted">No entries: only public hosts{settings.environment.upstreamAllowlist.length ? " and the environment's entries" : ""} are allowed.</li>}
            {entries.map((entry, i) => (
              <li key={entry}>
                <span
                  className={
                    "inline-flex items-center gap-1 rounded-md border py-0.5 pr-1 pl-2.5 font-mono text-xs " +
                    (entryErrors[i] ? "border-danger bg-danger-soft text-danger" : "border-border-strong bg-subtle text-fg")
                  }
                  title={entryErrors[i]}
                >
                  {entry}
                  {canWrite && (
                    <button
                      type="button"
                      aria-label={`Remove ${entry}`}
                      onClick={() => {
                        setEntries((list) => list.filter((e) => e !== entry));
                        setEntryErrors({});
                        setFormError(null);
                      }}
                      className="inline-flex size-5 items-center justify-center rounded text-muted hover:bg-border hover:text-fg"
                    >
                      <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} className="size-3">
                        <path d="M6 6l12 12M18 6 6 18" strokeLinecap="round" />
                      </svg>
                    </button>
                  )}
                </span>
                {entryErrors[i] && <FieldError>{entryErrors[i]}</FieldError>}
              </li>
            ))}
          </ul>
          {canWrite && (
            <div className="space-y-1.5">
              <Label htmlFor="allowlist-entry">Add entries</Label>
              <div className="flex max-w-xl gap-2">
                <Input
                  id="allowlist-entry"
                  value={text}
                  onChange={(e) => (setText(e.target.value), setInputError(null))}
                  onKeyDown={onKeyDown}
                  onPaste={(e) => {
                    // A pasted list (one per line) lands as one line in an <input>: keep the separators.
                    const pasted = e.clipboardData.getData("text");
                    if (/\n/.test(pasted)) {
                      e.preventDefault();
                      setText((t) => `${t} ${pasted.replace(/\s+/g, " ")}`.trim());
                    }
                  }}
                  placeholder="vllm.internal, 10.0.0.5:8000, 10.0.0.0/8"
                  aria-invalid={inputError ? true : undefined}
                  aria-describedby={inputError ? "allowlist-entry-error" : "allowlist-entry-hint"}
                  className="font-mono"
                  spellCheck={false}
                  autoComplete="off"
                />
                <Button variant="secondary" onClick={add} disabled={!text.trim()}>
                  Add
                </Button>
              </div>
              {inputError ? (
                <FieldError id="allowlist-entry-error">{inputError}</FieldError>
              ) : (
                <p id="allowlist-entry-hint" className="text-xs text-muted">
                  Press Enter to add. Separate several entries with spaces, commas or new lines.
                </p>
              )}
            </div>
          )}
        </CardBody>
        {canWrite && (
          <div className="flex items-center justify-end gap-3 border-t border-border px-5 py-3">
            {dirty && <span className="mr-auto text-xs text-muted">Unsaved changes</span>}
            <Button
              variant="ghost"
              disabled={!dirty || save.isPending}
              onClick={() => {
                setEntries(settings.upstreamAllowlist);
                setEntryErrors({});
                setFormError(null);
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!dirty}>
              Save
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

/** The judge model and the swap policy: when proposals appear and how canaries ramp. */
function AccuracyPolicyCard({ settings, canWrite }: { settings: SettingsOutput; canWrite: boolean }) {
  const save = useSaveSettings();
  const models = useModels();
  const p = settings.swapPolicy;
  const [form, setForm] = useState({
    judgeModel: settings.judgeModel ?? "",
    margin: String(p.margin * 100),
    minSamples: String(p.minSamples),
    minSamplesPerStep: String(p.minSamplesPerStep),
    canarySteps: p.canarySteps.join(", "),
    cosignAboveUsd: String(p.cosignAboveUsd),
    maxErrorRate: String(p.maxErrorRate * 100),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = {
      judgeModel: form.judgeModel || null,
      swapPolicy: {
        margin: Number(form.margin) / 100,
        minSamples: Number(form.minSamples),
        minSamplesPerStep: Number(form.minSamplesPerStep),
        canarySteps: form.canarySteps.split(/[\s,]+/).filter(Boolean).map(Number),
        cosignAboveUsd: Number(form.cosignAboveUsd),
        maxErrorRate: Number(form.maxErrorRate) / 100,
      },
    };
    const parsed = settingsInput.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[1] ?? i.path[0]), i.message])));
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      toast.success("Accuracy and swap settings saved");
    } catch (err) {
      const mapped = formErrorsFromApi(err, ["judgeModel", "swapPolicy.canarySteps"]);
      setErrors(Object.fromEntries(Object.entries(mapped.fields).map(([k, v]) => [k.replace("swapPolicy.", ""), v])));
      if (mapped.form) toast.error(mapped.form);
    }
  }

  const num = (id: keyof typeof form, label: string, hint: string, suffix?: string) => (
    <FormField id={`policy-${id}`} label={label} hint={hint} error={errors[id]}>
      <div className="flex items-center gap-2">
        <Input {...controlProps(`policy-${id}`, { error: errors[id], hint: true })} value={form[id]} onChange={set(id)} disabled={!canWrite} inputMode="decimal" />
        {suffix && <span className="text-sm text-muted">{suffix}</span>}
      </div>
    </FormField>
  );

  return (
    <Card>
      <CardHeader
        title="Accuracy and swaps"
        description="The judge grades shadow traffic and judge-graded eval sets. Swaps are proposed when a cheaper model is non-inferior by the margin at 95% confidence, then ramp through the canary steps."
      />
      <form onSubmit={onSubmit} noValidate>
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <FormField id="policy-judgeModel" label="Judge model" hint="Called through the gateway; its cost is evaluation traffic." error={errors.judgeModel}>
            <Select {...controlProps("policy-judgeModel", { error: errors.judgeModel, hint: true })} value={form.judgeModel} onChange={set("judgeModel")} disabled={!canWrite}>
              <option value="">None (judging off)</option>
              {(models.data ?? []).map((m) => (
                <option key={m.id} value={m.name}>
                  {m.name}
                </option>
              ))}
            </Select>
          </FormField>
          {num("margin", "Non-inferiority margin", "Accuracy points the candidate may trail by.", "points")}
          {num("minSamples", "Minimum paired samples", "Shadow-graded requests needed before proposing.")}
          {num("minSamplesPerStep", "Graded samples per canary step", "Before the canary moves to the next step (at least 10: the rollback guard judges no fewer).")}
          {num("canarySteps", "Canary steps", "Percent of the task's traffic, increasing, e.g. 5, 25, 50, 100.", "%")}
          {num("cosignAboveUsd", "Finance co-signs above", "Projected monthly savings needing a second signature.", "USD/month")}
          {num("maxErrorRate", "Roll back above error rate", "The candidate's live error rate during the canary.", "%")}
        </CardBody>
        {canWrite && (
          <div className="flex justify-end border-t border-border px-5 py-3">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

function EnvironmentCard({ env }: { env: SettingsOutput["environment"] }) {
  const onOff = (v: boolean, on = "On", off = "Off") => <Badge tone={v ? "success" : "neutral"}>{v ? on : off}</Badge>;
  const rows: { label: string; variable?: string; value: React.ReactNode }[] = [
    {
      label: "Upstream allowlist (environment)",
      variable: "SWITCHYARD_UPSTREAM_ALLOWLIST",
      value:
        env.upstreamAllowlist.length === 0 ? (
          <span className="text-muted">None</span>
        ) : (
          <span className="flex flex-wrap gap-1.5">
            {env.upstreamAllowlist.map((e) => (
              <Badge key={e} className="font-mono">
                {e}
              </Badge>
            ))}
          </span>
        ),
    },
    { label: "Demo mode", variable: "SWITCHYARD_DEMO", value: onOff(env.demoMode) },
    { label: "Secure cookies", variable: "SWITCHYARD_SECURE_COOKIES", value: onOff(env.secureCookies) },
    { label: "Session lifetime", value: `${env.sessionMaxAgeHours} hours` },
    { label: "Single sign-on (OIDC)", variable: "OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET", value: onOff(env.ssoEnabled, "Enabled", "Disabled") },
    { label: "Admin token", variable: "SWITCHYARD_ADMIN_TOKEN", value: onOff(env.adminTokenEnabled, "Enabled", "Disabled") },
  ];
  return (
    <Card>
      <CardHeader title="Environment" description="Read-only: set by environment variables when the server starts. Change them and restart to apply." />
      <dl className="divide-y divide-border" aria-label="Environment">
        {rows.map((r) => (
          <div key={r.label} className="grid gap-1 px-5 py-3 sm:grid-cols-[16rem_minmax(0,1fr)] sm:items-center">
            <dt>
              <span className="text-sm font-medium text-fg">{r.label}</span>
              {r.variable && <span className="block font-mono text-[11px] text-muted">{r.variable}</span>}
            </dt>
            <dd className="text-sm text-fg">{r.value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
