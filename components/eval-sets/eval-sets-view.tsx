"use client";

import { Fragment, useMemo, useState } from "react";
import { useSession } from "next-auth/react";
import { toast } from "sonner";
import { EvalRunsTable } from "@/components/eval-sets/eval-runs-table";
import { RunEvalDialog } from "@/components/eval-sets/run-dialog";
import { UploadEvalSetDialog } from "@/components/eval-sets/upload-dialog";
import { AccuracyIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatInt } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Table, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { useDeleteEvalSet, useEvalSets, useImportEvalSet, isActiveRun, type BuiltInSet } from "@/lib/queries/eval-sets";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useTeams } from "@/lib/queries/teams";
import type { EvalSetOutput } from "@/lib/schemas/eval-sets";

const COLUMNS = 6;
const BUILT_INS: { id: BuiltInSet; label: string; description: string }[] = [
  { id: "routellm-mt-bench", label: "RouteLLM MT-Bench (80, judge)", description: "The 80 MT-Bench first turns, graded by the judge model (Settings) on a 1-10 scale." },
  { id: "routellm-mmlu", label: "RouteLLM MMLU samples (multiple choice)", description: "MMLU sample questions graded by the answer letter. Meaningful against the demo upstream only." },
];
const JSONL_EXAMPLE = `{"prompt": "What is 17 * 3?", "reference": "51", "task": "math", "grader": "final-number"}
{"prompt": "Capital of France? A) Rome B) Paris", "reference": "B", "grader": "mc-letter"}
{"prompt": "Write a haiku about routers", "grader": "judge"}`;
const CSV_EXAMPLE = `prompt,reference,task,grader
"What is 17 * 3?",51,math,final-number`;

/** Eval sets: upload or add built-in prompt sets, run them against models, and watch the runs' progress and accuracy. */
export function EvalSetsView() {
  const canWrite = useCan("accuracy:write");
  const isAdmin = useSession().data?.user?.role === "admin";
  const sets = useEvalSets();
  const teams = useTeams();
  const remove = useDeleteEvalSet();
  const [uploading, setUploading] = useState(false);
  const [addingBuiltIn, setAddingBuiltIn] = useState(false);
  const [running, setRunning] = useState<EvalSetOutput | null>(null);
  const [deleting, setDeleting] = useState<EvalSetOutput | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const teamList = useMemo(() => teams.data ?? [], [teams.data]);
  const teamNames = useMemo(() => new Map(teamList.map((t) => [t.id, t.name])), [teamList]);
  const list = sets.data ?? [];

  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const actions = canWrite && (
    <>
      <Button variant="secondary" onClick={() => setAddingBuiltIn(true)}>
        Add built-in set
      </Button>
      <Button onClick={() => setUploading(true)}>Upload eval set</Button>
    </>
  );

  return (
    <>
      <PageHeader
        title="Eval sets"
        description="Prompts with reference answers, run against chosen models through the gateway. Results feed the accuracy charts as eval-set evidence, with 95% intervals."
        actions={actions}
      />

      {sets.isError ? (
        <QueryError what="eval sets" error={sets.error} onRetry={() => void sets.refetch()} />
      ) : sets.isSuccess && list.length === 0 ? (
        <EmptyState
          icon={<AccuracyIcon />}
          title="No eval sets yet"
          description={
            <div className="space-y-3 text-left">
              <p>
                Upload JSONL (one object per line) or CSV (a header row) with a <code>prompt</code>, a <code>reference</code> answer, and optionally a <code>task</code> and a{" "}
                <code>grader</code> (exact, mc-letter, final-number, json, regex or judge). Or start from a built-in RouteLLM set.
              </p>
              <CodeBlock label="JSONL example">{JSONL_EXAMPLE}</CodeBlock>
              <CodeBlock label="CSV example">{CSV_EXAMPLE}</CodeBlock>
            </div>
          }
          action={actions}
        />
      ) : (
        <Card>
          <Table label="Eval sets">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Team</TH>
                <TH align="right">Items</TH>
                <TH>Tasks</TH>
                <TH>Runs</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {sets.isPending ? (
                <TableLoadingRows columns={COLUMNS} />
              ) : (
                list.map((s) => {
                  const open = expanded.has(s.id);
                  const active = s.runs.filter(isActiveRun).length;
                  return (
                    <Fragment key={s.id}>
                      <TR>
                        <TD>
                          <div className="flex flex-wrap items-center gap-2">
                            <span className="font-medium text-fg">{s.name}</span>
                            {s.builtIn && <Badge tone="accent">built-in</Badge>}
                          </div>
                        </TD>
                        <TD className="whitespace-nowrap text-muted">{s.teamId ? (teamNames.get(s.teamId) ?? s.teamId) : "Shared"}</TD>
                        <TD align="right" className="tabular-nums">
                          {formatInt(s.items)}
                        </TD>
                        <TD>
                          <div className="flex flex-wrap gap-1">
                            {s.tasks.map((t) => (
                              <Badge key={t}>{t}</Badge>
                            ))}
                          </div>
                        </TD>
                        <TD>
                          <Button variant="ghost" size="sm" aria-expanded={open} aria-controls={`runs-${s.id}`} onClick={() => toggle(s.id)} aria-label={`Runs of ${s.name}`}>
                            {s.runs.length === 0 ? "No runs" : `${s.runs.length} ${s.runs.length === 1 ? "run" : "runs"}`}
                            {active > 0 && <Badge tone="warning">{active} active</Badge>}
                            <span aria-hidden>{open ? "▴" : "▾"}</span>
                          </Button>
                        </TD>
                        <TD>
                          {canWrite && (
                            <div className="flex justify-end gap-1">
                              <Button variant="ghost" size="sm" onClick={() => setRunning(s)} aria-label={`Run ${s.name}`}>
                                Run
                              </Button>
                              {(s.teamId !== null || isAdmin) && (
                                <Button variant="ghost" size="sm" onClick={() => setDeleting(s)} aria-label={`Delete ${s.name}`} className="hover:text-danger">
                                  Delete
                                </Button>
                              )}
                            </div>
                          )}
                        </TD>
                      </TR>
                      {open && (
                        <tr id={`runs-${s.id}`} className="bg-canvas/60">
                          <td colSpan={COLUMNS} className="px-4 py-3">
                            <EvalRunsTable set={s} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })
              )}
            </TBody>
          </Table>
        </Card>
      )}

      <UploadEvalSetDialog open={uploading} onClose={() => setUploading(false)} teams={teamList} isAdmin={isAdmin} />
      <BuiltInDialog open={addingBuiltIn} onClose={() => setAddingBuiltIn(false)} />
      <RunEvalDialog set={running} onClose={() => setRunning(null)} onStarted={(id) => toggle(id, true)} teams={teamList} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? "eval set"}?`}
        description="Its items and runs are deleted. Evaluations it already produced stay in the accuracy history."
        confirmLabel="Delete eval set"
        onConfirm={async () => {
          await remove.mutateAsync(deleting!.id);
          toast.success(`Eval set “${deleting!.name}” deleted`);
        }}
      />
    </>
  );
}

function BuiltInDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const add = useImportEvalSet();
  if (!open) return null;
  function choose(id: BuiltInSet) {
    add.mutate(id, {
      onSuccess: (set) => {
        toast.success(`Eval set “${set.name}” added`, { description: `${formatInt(set.items)} items, shared with every team.` });
        onClose();
      },
      onError: (err) => toast.error("Could not add the set", { description: errorMessage(err) }),
    });
  }
  return (
    <Dialog open onClose={onClose} title="Add built-in set" description="RouteLLM's public evaluation prompts, shared with every team. Adding one twice keeps a single copy." dismissible={!add.isPending}>
      <ul className="space-y-3">
        {BUILT_INS.map((b) => (
          <li key={b.id} className="flex items-start justify-between gap-4 rounded-lg border border-border p-3">
            <div className="min-w-0">
              <p className="text-sm font-medium text-fg">{b.label}</p>
              <p className="mt-0.5 text-sm text-muted">{b.description}</p>
            </div>
            <Button variant="secondary" size="sm" onClick={() => choose(b.id)} loading={add.isPending && add.variables === b.id} disabled={add.isPending} aria-label={`Add ${b.label}`}>
              Add
            </Button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
