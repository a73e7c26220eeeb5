"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { AccuracyIcon, RoutingIcon } from "@/components/icons";
import { SimulatorChart } from "@/components/routing/simulator-chart";
import { buttonStyles } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatInt, formatPercent, formatUsd } from "@/components/ui/format";
import { Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { StatCard } from "@/components/ui/stat-card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { prepareSimulatorChart } from "@/lib/charts/simulator";
import { useSimulation, type SimulatorParams } from "@/lib/queries/simulator";
import { useTeams } from "@/lib/queries/teams";
import { SIMULATOR_MAX_TOLERANCE, type SimulateOutput } from "@/lib/schemas/simulator";

const RANGES = { all: "All evidence", "30d": "30 days", "90d": "90 days" } as const;
type RangeKey = keyof typeof RANGES;
const DAY = 86_400_000;

const three = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));

/** Formats a cost in the simulation's unit: dollars per request (logged tokens) or per million tokens (blended). */
function costFormatter(cost: SimulateOutput["cost"]) {
  return (v: number | null) => (v === null ? "—" : cost?.unit === "usd_per_mtok" ? `${formatUsd(v, { precise: true })}/MTok` : `${formatUsd(v, { precise: true })}/request`);
}

/** The what-if simulator: pickers -> GET .../routing-policy/simulate -> pure chart preparer -> chart, tiles, policy.
 * Read-only: nothing here changes the routing policy. */
export function SimulatorView({ initialTeamId }: { initialTeamId?: string }) {
  const teams = useTeams();
  const canEditRouting = useCan("routing:read");
  const [chosenTeam, setChosenTeam] = useState(initialTeamId ?? "");
  const [task, setTask] = useState<string | undefined>();
  const [models, setModels] = useState<{ strong?: string; weak?: string }>({});
  const [range, setRange] = useState<RangeKey>("all");
  const [toleranceDraft, setToleranceDraft] = useState<number | undefined>();
  const [tolerance, setTolerance] = useState<number | undefined>();
  const [now] = useState(() => Date.now());

  const list = useMemo(() => teams.data ?? [], [teams.data]);
  const teamId = list.some((t) => t.id === chosenTeam) ? chosenTeam : (list[0]?.id ?? null);

  // The slider moves freely; the simulation reruns once it rests.
  useEffect(() => {
    const t = setTimeout(() => setTolerance(toleranceDraft), 250);
    return () => clearTimeout(t);
  }, [toleranceDraft]);
  useEffect(() => {
    if (teamId) window.history.replaceState(null, "", `/routing/simulator?team=${encodeURIComponent(teamId)}`);
  }, [teamId]);

  const params: SimulatorParams = {
    task,
    strong: models.strong,
    weak: models.weak,
    from: range === "all" ? undefined : new Date(now - (range === "30d" ? 30 : 90) * DAY).toISOString(),
    tolerance,
  };
  const sim = useSimulation(teamId, params);
  const data = sim.data;
  const chart = useMemo(() => (data ? prepareSimulatorChart(data) : null), [data]);
  const formatCost = costFormatter(data?.cost ?? null);
  const shownTolerance = toleranceDraft ?? data?.policy?.teamTolerance ?? 0.02;

  function chooseTeam(id: string) {
    setChosenTeam(id);
    setTask(undefined);
    setModels({});
    setToleranceDraft(undefined);
    setTolerance(undefined);
  }

  const header = (
    <PageHeader
      title="What-if simulator"
      description="Replays your team's prompts that two models both answered and that were graded, under a cheaper routing, before you change anything. Nothing here changes the routing policy."
      actions={
        teamId && canEditRouting ? (
          <Link href={`/routing?team=${encodeURIComponent(teamId)}`} className={buttonStyles({ variant: "secondary" })}>
            Open the routing editor
          </Link>
        ) : undefined
      }
    />
  );

  if (teams.isError) {
    return (
      <>
        {header}
        <QueryError what="teams" error={teams.error} onRetry={() => void teams.refetch()} />
      </>
    );
  }
  if (teams.isSuccess && list.length === 0) {
    return (
      <>
        {header}
        <EmptyState icon={<RoutingIcon />} title="No teams to simulate" description="The simulator replays a team's graded traffic. You are not a member of any team yet." />
      </>
    );
  }

  const modelNames = data?.models.map((m) => m.name) ?? [];
  const priceOf = (name: string) => data?.models.find((m) => m.name === name);
  const modelLabel = (name: string) => {
    const p = priceOf(name);
    return p && p.inputPerMTok !== null && p.outputPerMTok !== null ? `${name} ($${((p.inputPerMTok + p.outputPerMTok) / 2).toFixed(2)}/MTok)` : name;
  };

  return (
    <>
      {header}
      <Card className="mb-6 p-4">
        <div className="flex flex-wrap items-end gap-4">
          <Picker id="sim-team" label="Team" value={teamId ?? ""} onChange={chooseTeam} options={list.map((t) => ({ value: t.id, label: t.name }))} />
          <Picker
            id="sim-task"
            label="Task"
            value={task ?? ""}
            onChange={(v) => {
              setTask(v || undefined);
              setModels({});
            }}
            options={[{ value: "", label: "All tasks" }, ...(data?.tasks ?? []).map((t) => ({ value: t.task, label: `${t.task} (${formatInt(t.pairs)})` }))]}
          />
          <Picker
            id="sim-strong"
            label="Strong model"
            value={data?.strong ?? ""}
            disabled={modelNames.length < 2}
            // A new strong model: the server pairs it with its best-evidenced partner.
            onChange={(v) => setModels({ strong: v })}
            options={withNone([...(data?.strong && !modelNames.includes(data.strong) ? [data.strong] : []), ...modelNames].map((m) => ({ value: m, label: modelLabel(m) })))}
          />
          <Picker
            id="sim-weak"
            label="Weak model"
            value={data?.weak ?? ""}
            disabled={modelNames.length < 2}
            onChange={(v) => setModels({ strong: data?.strong ?? undefined, weak: v })}
            options={withNone([...(data?.weak && !modelNames.includes(data.weak) ? [data.weak] : []), ...modelNames.filter((m) => m !== data?.strong)].map((m) => ({ value: m, label: modelLabel(m) })))}
          />
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-fg">Evidence</legend>
            <div role="group" aria-label="Evidence range" className="inline-flex rounded-md border border-border-strong bg-surface p-0.5 shadow-xs">
              {(Object.keys(RANGES) as RangeKey[]).map((k) => (
                <button
                  key={k}
                  type="button"
                  aria-pressed={range === k}
                  onClick={() => setRange(k)}
                  className={cn("rounded px-2.5 py-1 text-sm font-medium transition-colors", range === k ? "bg-accent text-accent-fg" : "text-muted hover:bg-subtle hover:text-fg")}
                >
                  {RANGES[k]}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="w-56 space-y-1">
            <div className="flex items-baseline justify-between">
              <Label htmlFor="sim-tolerance" className="text-xs text-muted">
                Quality tolerance
              </Label>
              <output htmlFor="sim-tolerance" className="font-mono text-xs text-fg tabular-nums">
                {data?.enough ? shownTolerance.toFixed(2) : "—"}
              </output>
            </div>
            <input
              id="sim-tolerance"
              type="range"
              min={0}
              max={SIMULATOR_MAX_TOLERANCE}
              step={0.01}
              value={shownTolerance}
              disabled={!data?.enough}
              onChange={(e) => setToleranceDraft(Number(e.target.value))}
              className="block h-9 w-full accent-[var(--accent)] disabled:opacity-50"
            />
          </div>
        </div>
      </Card>

      {sim.isError ? (
        <QueryError what="the simulation" error={sim.error} onRetry={() => void sim.refetch()} />
      ) : !data || teams.isPending ? (
        <div aria-busy="true" className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
            {Array.from({ length: 5 }, (_, i) => (
              <div key={i} className="h-28 animate-pulse rounded-xl bg-subtle" />
            ))}
          </div>
          <div className="h-96 animate-pulse rounded-xl bg-subtle" />
        </div>
      ) : !data.enough ? (
        <EmptyState
          icon={<AccuracyIcon />}
          title="Too few pairs to simulate"
          description={
            <>
              <p>It replays prompts that two models both answered and that were graded: shadow evaluation of live traffic, or eval-set runs of both models.</p>
              {data.notes.map((n) => (
                <p key={n} className="mt-2">
                  {n}
                </p>
              ))}
            </>
          }
          action={
            <>
              <Link href="/accuracy" className={buttonStyles({ variant: "secondary" })}>
                Set up shadow evaluation
              </Link>
              <Link href="/accuracy/eval-sets" className={buttonStyles({ variant: "secondary" })}>
                Run an eval set
              </Link>
            </>
          }
        />
      ) : (
        <Results data={data} chart={chart} formatCost={formatCost} updating={sim.isPlaceholderData || sim.isFetching} />
      )}
    </>
  );
}

function Results({ data, chart, formatCost, updating }: { data: SimulateOutput; chart: ReturnType<typeof prepareSimulatorChart>; formatCost: (v: number | null) => string; updating: boolean }) {
  const m = data.metrics!;
  const heldOut = `n = ${formatInt(m.n)} held-out pairs`;
  const policy = data.policy!;
  const method = data.method === "predictor" ? "the quality predictor" : "a per-task prior";
  return (
    <div className="space-y-6" aria-busy={updating}>
      <section aria-label="Router metrics">
        <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
          <StatCard label="APGR" value={three(m.apgr)} hint={heldOut} />
          <StatCard label="CPT(50%)" value={formatPercent(m.cpt50)} hint="strong calls for half the gap" />
          <StatCard label="CPT(80%)" value={formatPercent(m.cpt80)} hint="strong calls for 80% of the gap" />
          <StatCard label="AIQ" value={three(m.aiq)} hint={heldOut} />
          <StatCard label="Random APGR" value={three(data.random?.apgr)} hint="random router, same pairs (20 orderings)" />
        </div>
      </section>

      <Card>
        <CardHeader
          title={`Quality against the share sent to ${data.strong}`}
          description={`Each point sends the prompts ${method} rates most in need of ${data.strong} to it and the rest to ${data.weak}, on ${formatInt(m.n)} prompts it never learned from (mean quality: ${data.strong} ${m.strongQuality.toFixed(3)}, ${data.weak} ${m.weakQuality.toFixed(3)}). The dashed line is the random router; the diamond is your tolerance.`}
        />
        <CardBody>{chart && <SimulatorChart chart={chart} label="Quality against the share sent to the strong model" formatCost={formatCost} />}</CardBody>
      </Card>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader title={`"auto" at tolerance ${policy.tolerance.toFixed(2)}`} description={`The cheaper model answers when its predicted quality is within the tolerance of the better one's. The team's setting is ${policy.teamTolerance.toFixed(2)}.`} />
          <CardBody>
            <dl aria-label="Candidate policy" className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm">
              <Fact label={`Sent to ${data.weak}`} value={formatPercent(policy.weakShare)} />
              <Fact label="Mean quality" value={`${policy.quality.toFixed(3)}${policy.pgr !== null ? ` (PGR ${policy.pgr.toFixed(2)})` : ""}`} />
              <Fact label="Cost" value={formatCost(policy.cost)} />
              <Fact label={`All on ${data.strong}`} value={formatCost(data.cost?.allStrong ?? null)} />
              <Fact label="Saving vs all-strong" value={formatPercent(policy.savingVsStrong)} />
              {data.cost?.actual !== null && data.cost?.actual !== undefined && <Fact label={`Actually paid (${formatInt(data.cost.actualRequests)} live requests)`} value={formatCost(data.cost.actual)} />}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="By task" description="Held-out pairs per task, and where the tolerance sends them." />
          <Table label="Candidate policy by task">
            <THead>
              <TR>
                <TH>Task</TH>
                <TH align="right">Pairs</TH>
                <TH align="right">To {data.weak}</TH>
                <TH align="right">Quality</TH>
              </TR>
            </THead>
            <TBody>
              {policy.byTask.map((t) => (
                <TR key={t.task}>
                  <TD>{t.task}</TD>
                  <TD align="right">{formatInt(t.pairs)}</TD>
                  <TD align="right">{formatPercent(t.weakShare, 0)}</TD>
                  <TD align="right">{t.quality.toFixed(3)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      </div>

      <Card>
        <CardHeader title="How these numbers were made" />
        <CardBody>
          <ul aria-label="Method notes" className="list-disc space-y-1 pl-5 text-sm text-muted">
            <li>
              {formatInt(data.pairs)} pairs ({formatInt(data.sources.shadow)} from shadow evaluation, {formatInt(data.sources.evalSet)} from eval runs): {formatInt(data.trainPairs)} to learn from, {formatInt(data.testPairs)} held out.
            </li>
            {data.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
            <li>APGR, CPT and AIQ as RouteLLM and RouterBench define them (the same code as npm run router:eval; see docs/routing-eval.md).</li>
          </ul>
        </CardBody>
      </Card>
    </div>
  );
}

/** A select needs an option to show: "no models with pairs" rather than an empty box. */
const withNone = (options: { value: string; label: string }[]) => (options.length ? options : [{ value: "", label: "No models with pairs" }]);

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-muted">{label}</dt>
      <dd className="mt-0.5 font-medium text-fg tabular-nums">{value}</dd>
    </div>
  );
}

function Picker({ id, label, value, options, onChange, disabled }: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void; disabled?: boolean }) {
  return (
    <div className="w-56 space-y-1">
      <Label htmlFor={id} className="text-xs text-muted">
        {label}
      </Label>
      <Select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
