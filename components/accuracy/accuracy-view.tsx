"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { AccuracyChart } from "@/components/accuracy/accuracy-chart";
import { ACCURACY_PRESETS, accuracySearch, type AccuracyPreset, type AccuracyState } from "@/components/accuracy/accuracy-state";
import { GradersCard } from "@/components/accuracy/graders-card";
import { ShadowCard } from "@/components/accuracy/shadow-card";
import { AccuracyIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatInt, formatMs, formatPercent, formatUsd } from "@/components/ui/format";
import { Label } from "@/components/ui/input";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { prepareAccuracySeries } from "@/lib/charts/accuracy";
import { presetRange } from "@/lib/charts/ranges";
import { useAccuracy } from "@/lib/queries/accuracy";
import { useTeams } from "@/lib/queries/teams";
import type { AccuracyOutput } from "@/lib/schemas/accuracy";

const PRESET_LABEL: Record<AccuracyPreset, string> = { "7d": "7 days", "30d": "30 days", "90d": "90 days" };
/** Below this many graded requests an interval is wide; the table says so rather than letting a number look firm. */
const FEW_SAMPLES = 30;
const COLUMNS = 8;

type Row = AccuracyOutput["rows"][number];

/** Accuracy: filters -> react-query -> pure preparer (lib/charts/accuracy) -> chart and table, and the selected
 * team's shadow evaluations. The filters live in the URL (shareable, reload-safe). */
export function AccuracyView({ initial }: { initial: AccuracyState }) {
  const [state, setState] = useState<AccuracyState>(initial);
  const [now] = useState(() => new Date());
  const canSwaps = useCan("swaps:read");
  const range = useMemo(() => presetRange(state.preset, now), [state.preset, now]);
  const filters = { from: range.from, to: range.to, teamId: state.teamId, task: state.task, model: state.model };

  const main = useAccuracy({ ...filters, interval: "day" });
  // Task and model choices: what was graded in the range, whatever else is filtered.
  const options = useAccuracy({ from: range.from, to: range.to, teamId: state.teamId });
  const teams = useTeams();

  useEffect(() => {
    window.history.replaceState(null, "", `/accuracy${accuracySearch(state)}`);
  }, [state]);

  const update = (patch: Partial<AccuracyState>) => setState((prev) => ({ ...prev, ...patch }));
  const teamList = useMemo(() => teams.data ?? [], [teams.data]);
  const teamNames = useMemo(() => new Map(teamList.map((t) => [t.id, t.name])), [teamList]);
  const teamName = (id: string) => teamNames.get(id) ?? id;

  const optionRows = options.data?.rows ?? [];
  const tasks = [...new Set(optionRows.map((r) => r.task))].sort();
  const models = [...new Set(optionRows.map((r) => r.model))].sort();
  const chart = useMemo(() => (main.data ? prepareAccuracySeries({ from: range.from, to: range.to, interval: "day", rows: main.data.series ?? [] }) : null), [main.data, range.from, range.to]);
  const rows = (main.data?.rows ?? []).slice().sort((a, b) => teamName(a.teamId).localeCompare(teamName(b.teamId)) || a.task.localeCompare(b.task) || b.accuracy - a.accuracy || a.model.localeCompare(b.model));
  const spansTasks = new Set(rows.map((r) => r.task)).size > 1;
  const filtered = Boolean(state.teamId || state.task || state.model);

  // The shadow card follows the team filter; someone who sees a single team gets theirs without choosing.
  const shadowTeamId = state.teamId ?? (teamList.length === 1 ? teamList[0]!.id : undefined);
  const nothingYet = main.isSuccess && !main.isPlaceholderData && rows.length === 0 && !filtered;

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <div className="flex flex-wrap items-end gap-4">
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-fg">Range</legend>
            <div role="group" aria-label="Date range" className="inline-flex rounded-md border border-border-strong bg-surface p-0.5 shadow-xs">
              {ACCURACY_PRESETS.map((p) => (
                <button
                  key={p}
                  type="button"
                  aria-pressed={state.preset === p}
                  onClick={() => update({ preset: p })}
                  className={cn("rounded px-2.5 py-1 text-sm font-medium transition-colors", state.preset === p ? "bg-accent text-accent-fg" : "text-muted hover:bg-subtle hover:text-fg")}
                >
                  {PRESET_LABEL[p]}
                </button>
              ))}
            </div>
          </fieldset>
          <FilterSelect id="accuracy-team" label="Team" value={state.teamId} options={teamList.map((t) => ({ value: t.id, label: t.name }))} onChange={(teamId) => update({ teamId, task: undefined, model: undefined })} />
          <FilterSelect id="accuracy-task" label="Task" value={state.task} options={tasks.map((t) => ({ value: t, label: t }))} onChange={(task) => update({ task })} />
          <FilterSelect id="accuracy-model" label="Model" value={state.model} options={models.map((m) => ({ value: m, label: m }))} onChange={(model) => update({ model })} />
          {filtered && (
            <Button variant="ghost" size="sm" onClick={() => update({ teamId: undefined, task: undefined, model: undefined })}>
              Clear filters
            </Button>
          )}
        </div>
      </Card>

      {main.isError ? (
        <QueryError what="accuracy" error={main.error} onRetry={() => void main.refetch()} />
      ) : nothingYet ? (
        <EmptyState
          icon={<AccuracyIcon />}
          title="No evaluations yet"
          description={
            <>
              <p>Accuracy is the mean score of graded requests. Scores arrive four ways:</p>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-left">
                <li>
                  <strong className="font-medium text-fg">Shadow evaluation</strong>: mirror a sample of a task&apos;s traffic to a candidate model (below, per team); a judge model grades both answers.
                </li>
                <li>
                  <strong className="font-medium text-fg">Feedback</strong>: your application posts a 0–1 score for a request to <code className="font-mono text-xs">POST /api/route/v1/feedback</code> with the team&apos;s key.
                </li>
                <li>
                  <strong className="font-medium text-fg">Graders</strong>: score a sample of a team&apos;s live answers automatically (valid JSON, a regex, or the judge model); below, per team.
                </li>
                <li>
                  <strong className="font-medium text-fg">Eval sets</strong>: upload prompts with reference answers and run them against models (<code className="font-mono text-xs">/api/v1/eval-sets</code>).
                </li>
              </ul>
              <p className="mt-2">Nothing was graded in the last {PRESET_LABEL[state.preset]}; try a longer range.</p>
            </>
          }
        />
      ) : (
        <>
          <Card>
            <CardHeader
              title="Accuracy over time"
              description={
                <>
                  Daily mean score per model (UTC) with its 95% interval shaded. Days without graded requests are gaps, not zeros.
                  {spansTasks && !state.task && " This view pools several tasks: choose a task to compare models on the same work."}
                </>
              }
            />
            <CardBody>
              {chart ? <AccuracyChart chart={chart} label="Accuracy over time" /> : <div className="h-[300px] animate-pulse rounded-lg bg-subtle" aria-hidden />}
              {chart && chart.hidden.length > 0 && (
                <p className="mt-2 text-xs text-muted">
                  Not drawn (fewest graded requests): {chart.hidden.join(", ")}. Filter by model to see one of them.
                </p>
              )}
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="By team, task and model" description="Mean score over the range with its 95% Wilson interval; latency and cost per request from the same range's live traffic." />
            <Table label="Accuracy by team, task and model">
              <THead>
                <tr>
                  <TH>Team</TH>
                  <TH>Task</TH>
                  <TH>Model</TH>
                  <TH align="right">Graded</TH>
                  <TH align="right">Accuracy</TH>
                  <TH align="right">95% interval</TH>
                  <TH align="right">Avg latency</TH>
                  <TH align="right">Avg cost / request</TH>
                </tr>
              </THead>
              <TBody>
                {main.isPending ? (
                  <TableLoadingRows columns={COLUMNS} />
                ) : rows.length === 0 ? (
                  <TableEmptyRow columns={COLUMNS}>No graded requests match these filters in the last {PRESET_LABEL[state.preset]}.</TableEmptyRow>
                ) : (
                  rows.map((r) => <AccuracyRow key={`${r.teamId}\u0000${r.task}\u0000${r.model}`} row={r} teamName={teamName(r.teamId)} />)
                )}
              </TBody>
            </Table>
          </Card>
        </>
      )}

      {shadowTeamId ? (
        <>
          <GradersCard key={`graders-${shadowTeamId}`} teamId={shadowTeamId} teamName={teamName(shadowTeamId)} taskSuggestions={tasks} />
          <ShadowCard key={shadowTeamId} teamId={shadowTeamId} teamName={teamName(shadowTeamId)} taskSuggestions={tasks} />
        </>
      ) : (
        teams.isSuccess &&
        teamList.length > 1 && (
          <Card>
            <CardHeader title="Graders and shadow evaluation" description="Choose a team above to see the graders that score a sample of its live answers and the candidate models that shadow its tasks, and to change them." />
          </Card>
        )
      )}

      {canSwaps && !nothingYet && (
        <p className="text-sm text-muted">
          When a cheaper candidate proves non-inferior on enough shadow samples, a proposal appears under{" "}
          <Link href="/swaps" className="rounded text-accent-text hover:underline">
            Swaps
          </Link>
          .
        </p>
      )}
    </div>
  );
}

function AccuracyRow({ row: r, teamName }: { row: Row; teamName: string }) {
  return (
    <TR>
      <TD className="whitespace-nowrap text-fg">{teamName}</TD>
      <TD className="font-mono text-xs">{r.task}</TD>
      <TD className="font-medium whitespace-nowrap text-fg">{r.model}</TD>
      <TD align="right">
        <span className="inline-flex items-center gap-2">
          {r.n < FEW_SAMPLES && (
            <Badge tone="warning" title={`Fewer than ${FEW_SAMPLES} graded requests: the interval is wide`}>
              few
            </Badge>
          )}
          {formatInt(r.n)}
        </span>
      </TD>
      <TD align="right" className="font-medium text-fg">
        {formatPercent(r.accuracy)}
      </TD>
      <TD align="right" className="whitespace-nowrap text-muted">
        {formatPercent(r.ciLow)} – {formatPercent(r.ciHigh)}
      </TD>
      <TD align="right" className="text-muted">
        {formatMs(r.avgLatencyMs)}
      </TD>
      <TD align="right" className="text-muted">
        {formatUsd(r.avgCostUsd, { precise: true })}
      </TD>
    </TR>
  );
}

function FilterSelect({ id, label, value, options, onChange }: { id: string; label: string; value?: string; options: { value: string; label: string }[]; onChange: (v: string | undefined) => void }) {
  const list = options.slice();
  if (value && !list.some((o) => o.value === value)) list.unshift({ value, label: value });
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className="w-48">
        <option value="">All</option>
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
