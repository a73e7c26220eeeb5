"use client";

import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/checkbox";
import { FieldError, formErrorsFromApi, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatPercent } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { useSaveShadowConfigs, useShadowConfigs, type ShadowConfigs } from "@/lib/queries/accuracy";
import { useModels } from "@/lib/queries/models";
import { useRoutingPolicy } from "@/lib/queries/routing";
import { shadowConfigInput } from "@/lib/schemas/swaps";

type Draft = { key: number; task: string; candidateModel: string; samplePercent: string; enabled: boolean; pairwise: boolean };

const percentText = (rate: number) => String(Math.round(rate * 1000) / 10);

/** The team's shadow evaluations: which candidate model gets a sample of which task's traffic. Editing replaces the
 * whole list (PUT) and needs accuracy:write; everyone who can read accuracy sees it. */
export function ShadowCard({ teamId, teamName, taskSuggestions = [] }: { teamId: string; teamName: string; taskSuggestions?: string[] }) {
  const canWrite = useCan("accuracy:write");
  const configs = useShadowConfigs(teamId);
  const [editing, setEditing] = useState(false);
  const list = configs.data?.configs ?? [];

  return (
    <Card>
      <CardHeader
        title={`Shadow evaluation · ${teamName}`}
        description="A sample of a task's live traffic is mirrored to a candidate model after the caller has its answer; a judge model grades both answers. Mirrored calls are evaluation cost, never the team's budget."
        actions={
          canWrite &&
          !editing &&
          configs.isSuccess && (
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              {list.length ? "Edit" : "Add candidate"}
            </Button>
          )
        }
      />
      {configs.isError ? (
        <div className="px-5 py-4">
          <QueryError what="shadow evaluations" error={configs.error} onRetry={() => void configs.refetch()} />
        </div>
      ) : editing && configs.data ? (
        <ShadowEditor teamId={teamId} initial={configs.data} taskSuggestions={taskSuggestions} onDone={() => setEditing(false)} />
      ) : (
        <Table label={`Shadow evaluations of ${teamName}`}>
          <THead>
            <tr>
              <TH>Task</TH>
              <TH>Candidate model</TH>
              <TH align="right">Sample rate</TH>
              <TH>Head to head</TH>
              <TH>Status</TH>
            </tr>
          </THead>
          <TBody>
            {configs.isPending ? (
              <TableLoadingRows columns={5} rows={2} />
            ) : list.length === 0 ? (
              <TableEmptyRow columns={5}>
                No shadow evaluations for this team.{" "}
                {canWrite ? "Add a cheaper candidate for a task to start collecting paired evidence." : "A team lead or an admin can add one."}
              </TableEmptyRow>
            ) : (
              list.map((c) => (
                <TR key={`${c.task}\u0000${c.candidateModel}`}>
                  <TD className="font-mono text-xs">{c.task}</TD>
                  <TD className="font-medium text-fg">{c.candidateModel}</TD>
                  <TD align="right">{formatPercent(c.sampleRate, c.sampleRate * 100 < 1 ? 1 : 0)}</TD>
                  <TD className="text-muted">{c.pairwise ? "judged pairwise too" : "—"}</TD>
                  <TD>
                    <Badge tone={c.enabled ? "success" : "neutral"}>{c.enabled ? "running" : "paused"}</Badge>
                  </TD>
                </TR>
              ))
            )}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

function ShadowEditor({ teamId, initial, taskSuggestions, onDone }: { teamId: string; initial: ShadowConfigs; taskSuggestions: string[]; onDone: () => void }) {
  const ids = useId();
  const save = useSaveShadowConfigs(teamId);
  const models = useModels();
  const canRouting = useCan("routing:read");
  const policy = useRoutingPolicy(canRouting ? teamId : null);
  const [rows, setRows] = useState<Draft[]>(() => initial.configs.map((c, i) => ({ key: i, task: c.task, candidateModel: c.candidateModel, samplePercent: percentText(c.sampleRate), enabled: c.enabled, pairwise: c.pairwise })));
  const [nextKey, setNextKey] = useState(initial.configs.length);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const tasks = [...new Set([...(policy.data?.tasks ?? []), ...taskSuggestions])].sort();
  const modelList = (models.data ?? []).slice().sort((a, b) => Number(b.inHouse) - Number(a.inHouse) || a.name.localeCompare(b.name));

  const patch = (key: number, p: Partial<Draft>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p } : r)));
  function add() {
    setRows((rs) => [...rs, { key: nextKey, task: "", candidateModel: modelList.find((m) => m.inHouse)?.name ?? "", samplePercent: "10", enabled: true, pairwise: false }]);
    setNextKey((k) => k + 1);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = shadowConfigInput.safeParse({
      configs: rows.map((r) => ({ task: r.task, candidateModel: r.candidateModel, sampleRate: r.samplePercent.trim() === "" ? Number.NaN : Number(r.samplePercent) / 100, enabled: r.enabled, pairwise: r.pairwise })),
    });
    if (!parsed.success) {
      setErrors(percentMessages(zodFieldErrors(parsed.error)));
      return;
    }
    setErrors({});
    save.mutate(parsed.data, {
      onSuccess: (saved) => {
        toast.success("Shadow evaluations saved", { description: saved.configs.length ? `${saved.configs.length} candidate${saved.configs.length === 1 ? "" : "s"} configured.` : "No candidates: nothing is mirrored." });
        onDone();
      },
      onError: (err) => {
        const fieldNames = rows.flatMap((_, i) => [`configs.${i}.task`, `configs.${i}.candidateModel`, `configs.${i}.sampleRate`, `configs.${i}`]);
        const { fields, form } = formErrorsFromApi(err, fieldNames);
        setErrors(fields);
        setFormError(form);
      },
    });
  }

  const error = (i: number, field: string) => errors[`configs.${i}.${field}`];
  return (
    <form noValidate onSubmit={submit}>
      <datalist id={`${ids}-tasks`}>
        {tasks.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <Table label="Edit shadow evaluations">
        <THead>
          <tr>
            <TH>Task</TH>
            <TH>Candidate model</TH>
            <TH>Sample rate (%)</TH>
            <TH>Enabled</TH>
            <TH title="The judge also compares the two answers directly, in both orders (twice the judge calls)">Head to head</TH>
            <TH>
              <span className="sr-only">Remove</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {rows.length === 0 ? (
            <TableEmptyRow columns={6}>No candidates. Saving an empty list stops all shadow evaluation for this team.</TableEmptyRow>
          ) : (
            rows.map((r, i) => {
              const rowError = errors[`configs.${i}`];
              return (
                <TR key={r.key} className="align-top">
                  <TD className="align-top">
                    <Input
                      aria-label={`Task ${i + 1}`}
                      list={`${ids}-tasks`}
                      value={r.task}
                      placeholder="chat"
                      onChange={(e) => patch(r.key, { task: e.target.value })}
                      aria-invalid={error(i, "task") ? true : undefined}
                      className="w-40 font-mono"
                    />
                    {error(i, "task") && <FieldError>{error(i, "task")}</FieldError>}
                    {rowError && <FieldError>{rowError}</FieldError>}
                  </TD>
                  <TD className="align-top">
                    <Select
                      aria-label={`Candidate model ${i + 1}`}
                      value={r.candidateModel}
                      onChange={(e) => patch(r.key, { candidateModel: e.target.value })}
                      aria-invalid={error(i, "candidateModel") ? true : undefined}
                      className="w-56"
                    >
                      <option value="">Choose a model…</option>
                      {r.candidateModel && !modelList.some((m) => m.name === r.candidateModel) && <option value={r.candidateModel}>{r.candidateModel}</option>}
                      {modelList.map((m) => (
                        <option key={m.id} value={m.name}>
                          {m.name}
                          {m.inHouse ? " (in-house)" : ""}
                          {m.enabled ? "" : " (disabled)"}
                        </option>
                      ))}
                    </Select>
                    {error(i, "candidateModel") && <FieldError>{error(i, "candidateModel")}</FieldError>}
                  </TD>
                  <TD className="align-top">
                    <Input
                      aria-label={`Sample rate ${i + 1} (%)`}
                      type="number"
                      inputMode="decimal"
                      min={0}
                      max={100}
                      step="any"
                      value={r.samplePercent}
                      onChange={(e) => patch(r.key, { samplePercent: e.target.value })}
                      aria-invalid={error(i, "sampleRate") ? true : undefined}
                      className="w-24 text-right tabular-nums"
                    />
                    {error(i, "sampleRate") && <FieldError>{error(i, "sampleRate")}</FieldError>}
                  </TD>
                  <TD className="align-top pt-5">
                    <Switch checked={r.enabled} onCheckedChange={(enabled) => patch(r.key, { enabled })} aria-label={`Enabled ${i + 1}`} />
                  </TD>
                  <TD className="align-top pt-5">
                    <Switch checked={r.pairwise} onCheckedChange={(pairwise) => patch(r.key, { pairwise })} aria-label={`Head to head ${i + 1}`} />
                  </TD>
                  <TD className="align-top">
                    <Button variant="ghost" size="sm" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={`Remove candidate ${i + 1}`} className="hover:text-danger">
                      Remove
                    </Button>
                  </TD>
                </TR>
              );
            })
          )}
        </TBody>
      </Table>
      <div className="space-y-3 border-t border-border px-5 py-3.5">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Button variant="secondary" size="sm" onClick={add} disabled={rows.length >= 50}>
            Add candidate
          </Button>
          <div className="flex gap-2">
            <Button variant="ghost" onClick={onDone} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}

/** The schema speaks of a 0..1 rate; the form asks for a percentage. */
function percentMessages(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) out[path] = path.endsWith(".sampleRate") ? "Enter a percentage from 0 to 100" : path.endsWith(".candidateModel") ? "Choose a model" : message;
  return out;
}
