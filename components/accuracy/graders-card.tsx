"use client";

import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Checkbox, Switch } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { controlProps, formErrorsFromApi, FormField, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatInt, formatPercent } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { useCan } from "@/lib/auth/use-can";
import { useCreateGrader, useDeleteGrader, useGraders, useUpdateGrader } from "@/lib/queries/graders";
import { useSettings } from "@/lib/queries/settings";
import { graderCreateInput, graderUpdateInput, MAX_PATTERN_LENGTH, type GraderKind, type GraderOutput } from "@/lib/schemas/graders";

const COLUMNS = 8;
const KIND_LABEL: Record<GraderKind, string> = { json: "JSON", regex: "Regex", judge: "LLM judge" };
const FIELDS = ["name", "task", "sampleRate", "definition.schema", "definition.pattern", "definition"] as const;

/** What a grader checks, in a few words. */
function describe(g: GraderOutput): string {
  const d = g.definition;
  if (d.kind === "json") return d.schema ? "valid JSON matching a JSON Schema" : "valid JSON";
  if (d.kind === "regex") return `${d.mode === "match" ? "must match" : "must not match"} /${d.pattern}/${d.caseInsensitive ? "i" : ""}`;
  return "judge rating 1-10, reference-free";
}

/** The team's graders on live traffic: each grades a sample of the team's answers for a task (or all tasks) after
 * the caller has its answer; scores join the accuracy above. Changing them needs accuracy:write on the team. */
export function GradersCard({ teamId, teamName, taskSuggestions = [] }: { teamId: string; teamName: string; taskSuggestions?: string[] }) {
  const canWrite = useCan("accuracy:write");
  const graders = useGraders(teamId);
  const [editing, setEditing] = useState<GraderOutput | "new" | null>(null);
  const [deleting, setDeleting] = useState<GraderOutput | null>(null);
  const remove = useDeleteGrader(teamId);
  const list = graders.data ?? [];

  return (
    <Card>
      <CardHeader
        title={`Graders on live traffic · ${teamName}`}
        description="Each grader checks a sample of this team's live answers for a task, after the caller has its answer: valid JSON (optionally a JSON Schema), a regular expression, or a judge model's rating. Scores count toward accuracy above. Prompts and answers are never stored for this unless the team keeps bodies."
        actions={
          canWrite && (
            <Button variant="secondary" size="sm" onClick={() => setEditing("new")}>
              Add grader
            </Button>
          )
        }
      />
      {graders.isError ? (
        <div className="px-5 py-4">
          <QueryError what="graders" error={graders.error} onRetry={() => void graders.refetch()} />
        </div>
      ) : (
        <Table label={`Graders of ${teamName}`}>
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Task</TH>
              <TH>Checks</TH>
              <TH align="right">Sample</TH>
              <TH align="right">Graded (30 days)</TH>
              <TH align="right">Mean score</TH>
              <TH>Status</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {graders.isPending ? (
              <TableLoadingRows columns={COLUMNS} rows={2} />
            ) : list.length === 0 ? (
              <TableEmptyRow columns={COLUMNS}>
                No graders for this team. {canWrite ? "Add one to score a sample of live answers automatically." : "A team lead or an admin can add one."}
              </TableEmptyRow>
            ) : (
              list.map((g) => (
                <TR key={g.id}>
                  <TD className="whitespace-nowrap">
                    <span className="font-medium text-fg">{g.name}</span>
                    <span className="ml-1.5 font-mono text-xs text-muted" title="What its scores carry as grader">
                      v{g.version}
                    </span>
                  </TD>
                  <TD className="font-mono text-xs">{g.task === "*" ? "all tasks" : g.task}</TD>
                  <TD className="max-w-80 truncate" title={describe(g)}>
                    <Badge tone="neutral">{KIND_LABEL[g.kind]}</Badge> <span className="text-muted">{describe(g)}</span>
                  </TD>
                  <TD align="right">{formatPercent(g.sampleRate, g.sampleRate * 100 < 1 ? 1 : 0)}</TD>
                  <TD align="right" className="tabular-nums">
                    {formatInt(g.stats.n)}
                  </TD>
                  <TD align="right" className="font-medium text-fg tabular-nums">
                    {g.stats.mean === null ? <span className="text-muted">—</span> : formatPercent(g.stats.mean)}
                  </TD>
                  <TD>
                    <Badge tone={g.enabled ? "success" : "neutral"}>{g.enabled ? "running" : "paused"}</Badge>
                  </TD>
                  <TD align="right" className="whitespace-nowrap">
                    {canWrite && (
                      <>
                        <Button variant="ghost" size="sm" onClick={() => setEditing(g)} aria-label={`Edit grader ${g.name}`}>
                          Edit
                        </Button>
                        <Button variant="ghost" size="sm" onClick={() => setDeleting(g)} aria-label={`Delete grader ${g.name}`} className="hover:text-danger">
                          Delete
                        </Button>
                      </>
                    )}
                  </TD>
                </TR>
              ))
            )}
          </TBody>
        </Table>
      )}
      {editing && <GraderDialog teamId={teamId} grader={editing === "new" ? null : editing} taskSuggestions={taskSuggestions} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete grader ${deleting?.name ?? ""}?`}
        description="It stops grading within a second. The scores it already gave stay in the accuracy data."
        confirmLabel="Delete grader"
        onConfirm={async () => {
          await remove.mutateAsync(deleting!.id);
          toast.success(`Grader ${deleting!.name} deleted`);
        }}
      />
    </Card>
  );
}

type Form = { name: string; task: string; kind: GraderKind; samplePercent: string; enabled: boolean; schemaText: string; pattern: string; mode: "match" | "no_match"; caseInsensitive: boolean };

function initialForm(g: GraderOutput | null): Form {
  const d = g?.definition;
  return {
    name: g?.name ?? "",
    task: g?.task ?? "",
    kind: g?.kind ?? "regex",
    samplePercent: g ? String(Math.round(g.sampleRate * 1000) / 10) : "100",
    enabled: g?.enabled ?? true,
    schemaText: d?.kind === "json" && d.schema ? JSON.stringify(d.schema, null, 2) : "",
    pattern: d?.kind === "regex" ? d.pattern : "",
    mode: d?.kind === "regex" ? d.mode : "match",
    caseInsensitive: d?.kind === "regex" ? d.caseInsensitive : true,
  };
}

function GraderDialog({ teamId, grader, taskSuggestions, onClose }: { teamId: string; grader: GraderOutput | null; taskSuggestions: string[]; onClose: () => void }) {
  const ids = useId();
  const canSettings = useCan("settings:read");
  const create = useCreateGrader(teamId);
  const update = useUpdateGrader(teamId);
  const [form, setForm] = useState<Form>(() => initialForm(grader));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const tasks = [...new Set(["*", ...taskSuggestions])];

  function definition(): unknown {
    if (form.kind === "regex") return { kind: "regex", pattern: form.pattern, mode: form.mode, caseInsensitive: form.caseInsensitive };
    if (form.kind === "judge") return { kind: "judge" };
    return { kind: "json", schema: form.schemaText.trim() ? JSON.parse(form.schemaText) : null };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    let def: unknown;
    try {
      def = definition();
    } catch {
      setErrors({ "definition.schema": "Not valid JSON" });
      return;
    }
    const raw = { name: form.name, task: form.task, sampleRate: form.samplePercent.trim() === "" ? Number.NaN : Number(form.samplePercent) / 100, enabled: form.enabled, definition: def };
    const parsed = grader ? graderUpdateInput.safeParse(raw) : graderCreateInput.safeParse(raw);
    if (!parsed.success) {
      const problems = zodFieldErrors(parsed.error);
      const mapped: FieldErrors = {};
      for (const [path, message] of Object.entries(problems)) mapped[FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) ?? "_form"] ??= path === "sampleRate" ? "Enter a percentage from 0 to 100" : message;
      if (mapped._form) setFormError(mapped._form);
      setErrors(mapped);
      return;
    }
    setErrors({});
    const onError = (err: unknown) => {
      const m = formErrorsFromApi(err, FIELDS, "name");
      setErrors(m.fields);
      setFormError(m.form);
    };
    const onSuccess = (saved: GraderOutput) => {
      toast.success(grader ? `Grader ${saved.name} saved` : `Grader ${saved.name} added`, { description: `Grading ${formatPercent(saved.sampleRate, 0)} of ${saved.task === "*" ? "all" : saved.task} answers as ${saved.grader}.` });
      onClose();
    };
    if (grader) update.mutate({ id: grader.id, input: parsed.data }, { onSuccess, onError });
    else create.mutate(parsed.data as Parameters<typeof create.mutate>[0], { onSuccess, onError });
  }

  const p = (id: string, field: string, hint = false) => controlProps(`${ids}-${id}`, { error: errors[field], hint });
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={grader ? `Edit grader ${grader.name}` : "Add grader"}
      description="Runs on a sample of this team's live answers, after the caller has its answer. A changed check starts a new version, so old and new scores never mix."
      dismissible={!pending}
      onSubmit={onSubmit}
      footer={<FormDialogFooter onCancel={onClose} pending={pending} submitLabel={grader ? "Save grader" : "Add grader"} />}
    >
      <div className="space-y-4">
        <datalist id={`${ids}-tasks`}>
          {tasks.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${ids}-name`} label="Name" error={errors.name} hint="Scores carry it as name@version">
            <Input {...p("name", "name", true)} value={form.name} onChange={(e) => set("name", e.target.value)} placeholder="order-id" className="font-mono" />
          </FormField>
          <FormField id={`${ids}-task`} label="Task" error={errors.task} hint='A task of the routing policy, or * for every task'>
            <Input {...p("task", "task", true)} list={`${ids}-tasks`} value={form.task} onChange={(e) => set("task", e.target.value)} placeholder="extraction" className="font-mono" />
          </FormField>
          <FormField id={`${ids}-kind`} label="Kind" error={errors.definition}>
            <Select {...p("kind", "definition")} value={form.kind} onChange={(e) => set("kind", e.target.value as GraderKind)}>
              <option value="regex">Regex: the answer must (not) match a pattern</option>
              <option value="json">JSON: the answer is valid JSON (optionally a schema)</option>
              <option value="judge">LLM judge: the judge model rates the answer</option>
            </Select>
          </FormField>
          <FormField id={`${ids}-sample`} label="Sample rate (%)" error={errors.sampleRate} hint="0 grades nothing, 100 every answer">
            <Input {...p("sample", "sampleRate", true)} type="number" inputMode="decimal" min={0} max={100} step="any" value={form.samplePercent} onChange={(e) => set("samplePercent", e.target.value)} className="text-right tabular-nums" />
          </FormField>
        </div>

        {form.kind === "regex" && (
          <div className="space-y-3 rounded-lg border border-border p-4">
            <FormField id={`${ids}-pattern`} label="Pattern" error={errors["definition.pattern"]} hint={`JavaScript syntax, at most ${MAX_PATTERN_LENGTH} characters. Nested quantifiers like (a+)+ and backreferences are refused (they can take exponential time).`}>
              <Input {...p("pattern", "definition.pattern", true)} value={form.pattern} onChange={(e) => set("pattern", e.target.value)} placeholder="ORD-\d{6}" className="font-mono" />
            </FormField>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField id={`${ids}-mode`} label="Passes when the answer">
                <Select {...p("mode", "definition.mode")} value={form.mode} onChange={(e) => set("mode", e.target.value as Form["mode"])}>
                  <option value="match">matches the pattern</option>
                  <option value="no_match">does not match the pattern</option>
                </Select>
              </FormField>
              <div className="pt-6">
                <Checkbox id={`${ids}-ci`} label="Ignore case" checked={form.caseInsensitive} onChange={(e) => set("caseInsensitive", e.target.checked)} />
              </div>
            </div>
          </div>
        )}
        {form.kind === "json" && (
          <div className="rounded-lg border border-border p-4">
            <FormField id={`${ids}-schema`} label="JSON Schema" optional error={errors["definition.schema"]} hint="Empty: any valid JSON passes. A ```json fence around the answer is accepted. Formats are not checked; remote $refs are not fetched.">
              <Textarea {...p("schema", "definition.schema", true)} rows={7} value={form.schemaText} onChange={(e) => set("schemaText", e.target.value)} placeholder='{"type": "object", "required": ["name"]}' className="font-mono text-xs" />
            </FormField>
          </div>
        )}
        {form.kind === "judge" && (
          <p className="rounded-lg border border-border p-4 text-sm text-muted">
            The judge model set in Settings rates each sampled answer 1-10 without a reference (scores 0.1-1.0), called through the gateway as evaluation cost, never the team&apos;s budget.
            {canSettings && <JudgeModelNote />}
          </p>
        )}
        <div className="flex items-center gap-3">
          <Switch checked={form.enabled} onCheckedChange={(v) => set("enabled", v)} aria-labelledby={`${ids}-enabled`} />
          <span id={`${ids}-enabled`} className="text-sm text-fg">
            Enabled
          </span>
        </div>
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
      </div>
    </Dialog>
  );
}

/** Which judge model is set (admins can read settings; others see the general note only). */
function JudgeModelNote() {
  const settings = useSettings();
  if (!settings.isSuccess) return null;
  return settings.data.judgeModel ? (
    <span className="mt-1 block">Judge model now: {settings.data.judgeModel}.</span>
  ) : (
    <strong className="mt-1 block font-medium text-warning">No judge model is set in Settings: this grader waits until one is.</strong>
  );
}
