"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { ShareDonut } from "@/components/charts/share-donut";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { UsageChart } from "@/components/charts/usage-chart";
import { RequestDrilldown, type Drill } from "@/components/spend/request-drilldown";
import { SpendFiltersBar, type DashboardState } from "@/components/spend/spend-filters";
import { TopTable } from "@/components/spend/top-table";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCompact, formatInt, formatPercent, formatUsd } from "@/components/ui/format";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { StatCard } from "@/components/ui/stat-card";
import { bucketLabel } from "@/lib/charts/buckets";
import { allowedIntervals, presetRange } from "@/lib/charts/ranges";
import { OTHER_KEY, bucketRange, prepareShare, prepareStackedSeries, prepareTopRows, prepareUsageSeries } from "@/lib/charts/spend";
import { statementHref, useSpendSeries, useSpendSummary } from "@/lib/queries/spend";
import { SPEND_GROUPS, type SpendGroup, type SpendInterval } from "@/lib/schemas/spend";

const GROUP_LABEL: Record<SpendGroup, string> = { team: "Team", model: "Model", provider: "Provider", task: "Task" };
const INTERVAL_LABEL: Record<SpendInterval, string> = { hour: "Hourly", day: "Daily", month: "Monthly" };

/** Dollars on an axis: "$1.2K", "$12", "$0.05". */
const axisUsd = (v: number) => (v >= 1000 ? `$${formatCompact(v)}` : v >= 10 || v === 0 ? `$${Math.round(v)}` : `$${v.toFixed(2)}`);
const usd = (v: number) => formatUsd(v, { precise: true });

/** Spend dashboard: filters -> react-query -> pure preparers (lib/charts) -> charts and tables. The state lives in
 * the URL (shareable, and the back button works); clicks on bars, points and rows open the request log below. */
export function SpendDashboard({ initial, statementMonth }: { initial: DashboardState; statementMonth: string }) {
  const [state, setState] = useState<DashboardState>(initial);
  const [now] = useState(() => new Date());
  const [drill, setDrill] = useState<Drill | null>(null);
  const drillRef = useRef<HTMLDivElement>(null);

  const range = useMemo(() => presetRange(state.preset, now, { from: state.customFrom, to: state.customTo }), [state.preset, state.customFrom, state.customTo, now]);
  const intervals = allowedIntervals(range);
  const interval: SpendInterval = state.interval && intervals.includes(state.interval) ? state.interval : range.defaultInterval;
  const filters = { from: range.from, to: range.to, teamId: state.teamId, model: state.model, provider: state.provider, task: state.task };

  const series = useSpendSeries({ ...filters, groupBy: state.groupBy, interval });
  const summary = useSpendSummary(filters);
  // Filter choices come from the whole range, unfiltered (the same request as `summary` when nothing is filtered).
  const options = useSpendSummary({ from: range.from, to: range.to });

  useEffect(() => {
    const p = new URLSearchParams();
    if (state.preset !== "7d") p.set("range", state.preset);
    if (state.preset === "custom") {
      if (state.customFrom) p.set("from", state.customFrom);
      if (state.customTo) p.set("to", state.customTo);
    }
    if (state.groupBy !== "team") p.set("groupBy", state.groupBy);
    if (state.interval) p.set("interval", state.interval);
    for (const k of ["teamId", "model", "provider", "task"] as const) if (state[k]) p.set(k, state[k]!);
    const qs = p.toString();
    window.history.replaceState(null, "", qs ? `/spend?${qs}` : "/spend");
  }, [state]);

  useEffect(() => {
    if (drill) drillRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [drill]);

  const teamNames = useMemo(() => new Map((options.data?.teams ?? []).map((t) => [t.key, t.label])), [options.data]);
  const teamName = (id: string) => teamNames.get(id) ?? id;

  const stacked = useMemo(() => (series.data ? prepareStackedSeries(series.data, { maxSeries: 8 }) : null), [series.data]);
  const usage = useMemo(() => (series.data ? prepareUsageSeries(series.data) : null), [series.data]);
  const costShare = summary.data ? prepareShare(summary.data) : [];
  const s = summary.data;

  // Drill-downs: the request log API filters by team, model and time; provider and task narrow the loaded rows.
  const baseDrill = (from: string, to: string) => ({
    filters: { from, to, teamId: state.teamId, model: state.model },
    local: { provider: state.provider, task: state.task },
  });
  function drillBucket(bucket: string, key?: string) {
    if (!series.data) return;
    const r = bucketRange(bucket, series.data.interval, series.data);
    const d = baseDrill(r.from, r.to);
    let what = "all";
    if (key && key !== OTHER_KEY) {
      const label = stacked?.series.find((x) => x.key === key)?.label ?? key;
      what = label;
      if (series.data.groupBy === "team") d.filters.teamId = key;
      if (series.data.groupBy === "model") d.filters.model = key;
      if (series.data.groupBy === "provider") d.local.provider = key;
      if (series.data.groupBy === "task") d.local.task = key;
    }
    setDrill({ title: `${what}, ${bucketLabel(bucket, series.data.interval)}${series.data.interval === "hour" ? " UTC" : ""}`, ...d });
  }
  function drillKey(group: "team" | "model", key: string, label: string) {
    const d = baseDrill(range.from, range.to);
    if (group === "team") d.filters.teamId = key;
    else d.filters.model = key;
    setDrill({ title: `${label}, whole range`, ...d });
  }

  const update = (patch: Partial<DashboardState>) => {
    setState((prev) => ({ ...prev, ...patch }));
    setDrill(null);
  };

  return (
    <div className="space-y-6">
      <SpendFiltersBar state={state} onChange={update} options={options.data} />

      {summary.isError && <QueryError error={summary.error} onRetry={() => void summary.refetch()} what="the spend summary" />}
      <section aria-label="Totals" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label="Cost" value={s ? formatUsd(Number(s.totals.costUsd)) : "…"} hint={s ? `USD ${s.totals.costUsd}` : "Live traffic"} />
        <StatCard label="Requests" value={s ? formatInt(s.totals.requests) : "…"} hint={s ? `${formatInt(s.totals.errors)} errors` : undefined} />
        <StatCard label="Tokens" value={s ? formatCompact(s.totals.inputTokens + s.totals.outputTokens) : "…"} hint={s ? `${formatCompact(s.totals.inputTokens)} in / ${formatCompact(s.totals.outputTokens)} out` : undefined} />
        <StatCard label="In-house share" value={s ? formatPercent(s.inHouseShare.costUsd) : "…"} hint={s ? `of cost; ${formatPercent(s.inHouseShare.requests)} of requests` : undefined} />
      </section>

      <Card>
        <CardHeader
          title="Cost over time"
          description={`${INTERVAL_LABEL[interval]} buckets (UTC), stacked by ${GROUP_LABEL[state.groupBy].toLowerCase()}. Select a bar for its requests.`}
          actions={
            <>
              <label className="sr-only" htmlFor="spend-group-by">
                Group by
              </label>
              <Select id="spend-group-by" aria-label="Group by" value={state.groupBy} onChange={(e) => update({ groupBy: e.target.value as SpendGroup })} className="w-32">
                {SPEND_GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {GROUP_LABEL[g]}
                  </option>
                ))}
              </Select>
              <label className="sr-only" htmlFor="spend-interval">
                Interval
              </label>
              <Select id="spend-interval" aria-label="Interval" value={interval} onChange={(e) => update({ interval: e.target.value as SpendInterval })} className="w-32">
                {intervals.map((i) => (
                  <option key={i} value={i}>
                    {INTERVAL_LABEL[i]}
                  </option>
                ))}
              </Select>
            </>
          }
        />
        <CardBody>
          {series.isError ? (
            <QueryError error={series.error} onRetry={() => void series.refetch()} what="spend over time" />
          ) : stacked ? (
            <StackedBarChart chart={stacked} label="Cost over time" formatValue={usd} formatAxis={axisUsd} onSelect={drillBucket} emptyMessage="No spend in this range" />
          ) : (
            <ChartSkeleton height={300} />
          )}
        </CardBody>
      </Card>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Tokens and requests" description="Input and output tokens (bars) and requests (line) per bucket." />
          <CardBody>{usage ? <UsageChart data={usage} label="Tokens and requests" formatTokens={formatCompact} formatCount={formatInt} onSelect={(b) => drillBucket(b)} /> : <ChartSkeleton height={260} />}</CardBody>
        </Card>
        <Card>
          <CardHeader title="In-house vs external" description="Share of cost served by in-house providers." />
          <CardBody>
            {s ? (
              <>
                <ShareDonut slices={costShare} label="In-house vs external cost" formatValue={usd} />
                <dl className="mt-3 space-y-1.5 text-sm">
                  {[
                    { name: "In-house", color: "#009e73", t: s.inHouse },
                    { name: "External", color: "#4f46e5", t: s.external },
                  ].map(({ name, color, t }) => (
                    <div key={name} className="flex items-center justify-between gap-3">
                      <dt className="flex items-center gap-2 text-muted">
                        <span aria-hidden className="size-2.5 rounded-full" style={{ background: color }} />
                        {name}
                      </dt>
                      <dd className="text-right text-fg tabular-nums">
                        {formatUsd(Number(t.costUsd))} · {formatInt(t.requests)} req
                      </dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : (
              <ChartSkeleton height={180} />
            )}
          </CardBody>
        </Card>
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <TopTable
          title="Top teams"
          label="Top teams"
          keyHeader="Team"
          rows={s ? prepareTopRows(s.teams, 10) : null}
          sub={(r) => r.costCenter ?? undefined}
          onSelect={(r) => drillKey("team", r.key, r.label)}
        />
        <TopTable
          title="Top models"
          label="Top models"
          keyHeader="Model"
          rows={s ? prepareTopRows(s.models, 10) : null}
          sub={(r) => (r.provider ? `${r.provider}${r.inHouse ? " · in-house" : ""}` : undefined)}
          onSelect={(r) => drillKey("model", r.key, r.label)}
        />
      </div>

      <div ref={drillRef}>{drill && <RequestDrilldown key={JSON.stringify(drill)} drill={drill} teamName={teamName} onClose={() => setDrill(null)} />}</div>

      <p className="text-xs text-muted">
        Live traffic only (shadow and evaluation runs are not spend). Buckets and months are UTC. Monthly totals per team and cost centre are on the{" "}
        <Link className="text-accent-text hover:underline" href={statementHref({ month: statementMonth, teamId: state.teamId })}>
          statement
        </Link>
        .
      </p>
    </div>
  );
}

function ChartSkeleton({ height }: { height: number }) {
  return <div aria-hidden className="w-full animate-pulse rounded-lg bg-subtle" style={{ height }} />;
}
