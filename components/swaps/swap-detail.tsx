"use client";

import Link from "next/link";
import { ArrowRightIcon, CheckIcon } from "@/components/icons";
import { EvidenceIntervals } from "@/components/swaps/evidence-intervals";
import { SwapActions } from "@/components/swaps/swap-actions";
import { STATUS_TONE, decisionText, eventStatus, formatPts, statusLabel } from "@/components/swaps/swap-labels";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatCompact, formatDateTime, formatInt, formatMs, formatPercent, formatUsd } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { StatCard } from "@/components/ui/stat-card";
import { Table, TableEmptyRow, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ApiError } from "@/lib/queries/fetch-json";
import { useSwap, type Swap } from "@/lib/queries/swaps";

/** One proposal: the evidence behind it, the canary's progress, every transition, and the decisions left to make. */
export function SwapDetail({ swapId }: { swapId: string }) {
  const swap = useSwap(swapId);
  const s = swap.data;

  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
      <Link href="/swaps" className="rounded hover:text-fg hover:underline">
        Swaps
      </Link>
      <span aria-hidden> / </span>
      <span aria-current="page">{s ? `${s.teamName} · ${s.task}` : "…"}</span>
    </nav>
  );

  if (swap.isError) {
    const missing = swap.error instanceof ApiError && (swap.error.status === 404 || swap.error.status === 403);
    return (
      <>
        {breadcrumb}
        <PageHeader title="Swap proposal" />
        {missing ? <ErrorAlert>This proposal does not exist or belongs to a team you are not a member of.</ErrorAlert> : <QueryError what="the proposal" error={swap.error} onRetry={() => void swap.refetch()} />}
      </>
    );
  }
  if (!s) {
    return (
      <div aria-busy="true">
        {breadcrumb}
        <div className="mb-6 h-8 w-80 animate-pulse rounded bg-subtle" />
        <div className="h-64 animate-pulse rounded-xl bg-subtle" />
      </div>
    );
  }

  const e = s.evidence;
  return (
    <>
      {breadcrumb}
      <PageHeader
        title={`${s.fromModel} → ${s.toModel}`}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Badge tone={STATUS_TONE[s.status]}>{statusLabel(s)}</Badge>
            <span>
              {s.teamName}, task <span className="font-mono text-xs">{s.task}</span>
            </span>
            <span>Proposed {formatDateTime(s.createdAt)}</span>
          </span>
        }
        actions={<SwapActions swap={s} />}
      />

      <div className="space-y-6">
        <StatusNote swap={s} />

        <section aria-label="Summary" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <StatCard label="Projected savings" value={`${formatUsd(s.projectedMonthlySavingsUsd)}/mo`} hint="At the last 30 days' traffic and today's prices" />
          <StatCard label="Realized savings" value={formatUsd(s.realizedSavingsUsd)} hint="Since the canary started, vs the incumbent's price" />
          <StatCard label="Candidate traffic" value={`${s.currentPercent}%`} hint={`of ${s.task} requests now`} />
          <StatCard label="Paired samples" value={formatInt(e.n)} hint={`minimum ${formatInt(e.minSamples)}`} />
        </section>

        <EvidenceCard swap={s} />

        <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
          <CanaryCard swap={s} />
          <TrafficCard swap={s} />
        </div>

        <ExamplesCard swap={s} />
        <TimelineCard swap={s} />
      </div>
    </>
  );
}

/** ": the reason." or "." */
const because = (reason: string | null) => (reason ? `: ${reason.trim()}${/[.!?]$/.test(reason.trim()) ? "" : "."}` : ".");

function StatusNote({ swap: s }: { swap: Swap }) {
  let text: string | null = null;
  if (s.status === "approved" && s.approvedBy && !s.financeApprovedBy) text = `Approved by ${s.approvedBy}. The canary starts once finance co-signs (projected savings are above the co-sign threshold).`;
  else if (s.status === "approved" && s.financeApprovedBy && !s.approvedBy) text = `Co-signed by ${s.financeApprovedBy}. The canary starts once an admin approves.`;
  else if (s.status === "proposed" && s.needsFinanceCosign) text = "Projected savings are above the co-sign threshold: an admin approves and someone from finance co-signs before the canary starts.";
  else if (s.status === "rejected") text = `Rejected${because(s.decidedReason)}`;
  else if (s.status === "rolled_back") text = `Rolled back${because(s.decidedReason)} The task's routing rule was restored.`;
  if (!text) return null;
  const tone = s.status === "rolled_back" ? "border-danger/30 bg-danger-soft text-danger" : s.status === "rejected" ? "border-border bg-subtle text-muted" : "border-warning/30 bg-warning-soft text-warning";
  return (
    <p role="status" className={cn("rounded-md border px-3 py-2.5 text-sm", tone)}>
      {text}
    </p>
  );
}

function EvidenceCard({ swap: s }: { swap: Swap }) {
  const e = s.evidence;
  const d = decisionText(e);
  const inc = { label: "Incumbent", ...e.incumbent };
  const cand = { label: "Candidate", ...e.candidate };
  const priceLine = (p: { input: number; output: number }) => `${formatUsd(p.input, { precise: true })} / ${formatUsd(p.output, { precise: true })}`;
  return (
    <Card>
      <CardHeader title="Evidence" description={`Both models graded by the judge on the same ${formatInt(e.n)} shadowed requests of this task (evidence from ${formatDateTime(e.generatedAt)}).`} />
      <CardBody className="space-y-5">
        <div>
          <Badge tone={d.tone}>{e.decision.replace(/_/g, "-")}</Badge>
          <p className="mt-2 text-base font-medium text-fg">{d.title}</p>
          {d.detail && <p className="mt-0.5 text-sm text-muted">{d.detail}</p>}
        </div>

        <div>
          <EvidenceIntervals incumbent={inc} candidate={cand} margin={e.margin} />
        </div>

        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-muted">Difference (candidate − incumbent)</dt>
            <dd className="mt-1 text-lg font-semibold text-fg tabular-nums">{formatPts(e.diff)}</dd>
          </div>
          <div>
            <dt className="text-muted">One-sided 95% lower bound</dt>
            <dd className={cn("mt-1 text-lg font-semibold tabular-nums", e.diffLow > -e.margin ? "text-success" : "text-danger")}>{formatPts(e.diffLow)}</dd>
          </div>
          <div>
            <dt className="text-muted">Margin (the bound must stay above)</dt>
            <dd className="mt-1 text-lg font-semibold text-fg tabular-nums">{formatPts(-e.margin)}</dd>
          </div>
        </dl>
        {e.pairwise && (
          <p className="text-sm text-muted">
            Head to head (judge compares both answers, in both orders; not part of the test above): the candidate won{" "}
            <span className="font-medium text-fg tabular-nums">{formatInt(e.pairwise.candidateWins)}</span>, tied{" "}
            <span className="font-medium text-fg tabular-nums">{formatInt(e.pairwise.ties)}</span> and lost{" "}
            <span className="font-medium text-fg tabular-nums">{formatInt(e.pairwise.incumbentWins)}</span> of {formatInt(e.pairwise.n)}: a share of{" "}
            <span className="font-medium text-fg tabular-nums">{formatPercent(e.pairwise.candidateShare)}</span> ({formatPercent(e.pairwise.ciLow)} – {formatPercent(e.pairwise.ciHigh)}).
          </p>
        )}
      </CardBody>
      <Table label="Incumbent and candidate">
        <THead>
          <tr>
            <TH>Arm</TH>
            <TH>Model</TH>
            <TH align="right">Accuracy</TH>
            <TH align="right">95% interval</TH>
            <TH align="right">n</TH>
            <TH align="right">Avg latency</TH>
            <TH align="right">Price in / out (per 1M tokens)</TH>
          </tr>
        </THead>
        <TBody>
          {[
            { arm: inc, latency: e.latency.incumbentMs, price: e.prices.incumbent, note: "live traffic" },
            { arm: cand, latency: e.latency.candidateMs, price: e.prices.candidate, note: "shadow traffic" },
          ].map(({ arm, latency, price, note }) => (
            <TR key={arm.label}>
              <TD className="text-muted">{arm.label}</TD>
              <TD className="font-medium whitespace-nowrap text-fg">{arm.model}</TD>
              <TD align="right" className="font-medium text-fg">
                {formatPercent(arm.accuracy)}
              </TD>
              <TD align="right" className="whitespace-nowrap text-muted">
                {formatPercent(arm.ciLow)} – {formatPercent(arm.ciHigh)}
              </TD>
              <TD align="right">{formatInt(arm.n)}</TD>
              <TD align="right" title={note}>
                {formatMs(latency)}
              </TD>
              <TD align="right" className="whitespace-nowrap">
                {priceLine(price)}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

function TrafficCard({ swap: s }: { swap: Swap }) {
  const t = s.evidence.traffic30d;
  const rows: [string, string][] = [
    ["Requests", formatInt(t.requests)],
    ["Input tokens", formatCompact(t.inputTokens)],
    ["Output tokens", formatCompact(t.outputTokens)],
    ["Cost", formatUsd(t.costUsd)],
    ["Projected savings", `${formatUsd(s.projectedMonthlySavingsUsd)} / month`],
  ];
  return (
    <Card>
      <CardHeader title="Last 30 days of this task" description="The traffic the projection is based on: its tokens priced at the incumbent's and at the candidate's current prices." />
      <CardBody>
        <dl className="divide-y divide-border text-sm">
          {rows.map(([k, v]) => (
            <div key={k} className="flex items-center justify-between gap-4 py-2 first:pt-0 last:pb-0">
              <dt className="text-muted">{k}</dt>
              <dd className="font-medium text-fg tabular-nums">{v}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}

type StepState = "done" | "current" | "stopped" | "pending";

function CanaryCard({ swap: s }: { swap: Swap }) {
  const rolledBackFrom = s.status === "rolled_back" ? (s.events ?? []).findLast((ev) => ev.toStatus === "rolled_back")?.fromStatus : null;
  const stateOf = (i: number): StepState => {
    if (s.status === "completed" || rolledBackFrom === "completed") return "done";
    if (s.status === "canary") return i < s.canaryStepIndex ? "done" : i === s.canaryStepIndex ? "current" : "pending";
    if (s.status === "rolled_back") return i < s.canaryStepIndex ? "done" : i === s.canaryStepIndex ? "stopped" : "pending";
    return "pending";
  };
  const description =
    s.status === "canary"
      ? `${s.toModel} serves ${s.currentPercent}% of ${s.task} requests. Each step waits for enough graded samples; an accuracy drop or an error spike rolls back by itself.`
      : s.status === "completed"
        ? `${s.toModel} serves all ${s.task} requests, with ${s.fromModel} as its fallback.`
        : s.status === "rolled_back"
          ? `Stopped: the routing rule for ${s.task} was restored.`
          : s.status === "rejected"
            ? "Never started."
            : "Starts after approval: the candidate's share of traffic grows step by step.";
  return (
    <Card>
      <CardHeader title="Canary" description={description} />
      <CardBody>
        <ol aria-label="Canary steps" className="flex items-start">
          {s.canarySteps.map((p, i) => {
            const st = stateOf(i);
            return (
              <li key={`${i}-${p}`} aria-current={st === "current" ? "step" : undefined} className="relative flex flex-1 flex-col items-center text-center">
                {i > 0 && <span aria-hidden className={cn("absolute top-4 right-1/2 h-0.5 w-full -translate-y-1/2", st === "pending" ? "bg-border" : st === "stopped" ? "bg-danger/50" : "bg-accent")} />}
                <span
                  className={cn(
                    "relative z-10 flex size-8 items-center justify-center rounded-full border-2 text-xs font-semibold tabular-nums",
                    st === "done" && "border-accent bg-accent text-accent-fg",
                    st === "current" && "border-accent bg-accent-soft text-accent-text ring-4 ring-accent/20",
                    st === "stopped" && "border-danger bg-danger-soft text-danger",
                    st === "pending" && "border-border-strong bg-surface text-muted",
                  )}
                >
                  {st === "done" ? <CheckIcon className="size-4" /> : i + 1}
                </span>
                <span className={cn("mt-1.5 text-sm tabular-nums", st === "current" ? "font-semibold text-fg" : "text-muted")}>{p}%</span>
                <span className="text-xs text-muted">{st === "current" ? "now" : st === "stopped" ? "stopped" : st === "done" ? "done" : ""}</span>
              </li>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}

function ExamplesCard({ swap: s }: { swap: Swap }) {
  const examples = s.evidence.examples ?? [];
  const score = (v: number) => v.toFixed(2);
  return (
    <Card>
      <CardHeader title="Example disagreements" description="Requests where the judge scored the two answers differently (scores 0–1). The candidate's answer shows only when the team stores request bodies." />
      <Table label="Example disagreements">
        <THead>
          <tr>
            <TH>Request</TH>
            <TH align="right">Incumbent</TH>
            <TH align="right">Candidate</TH>
            <TH>Candidate&apos;s answer</TH>
          </tr>
        </THead>
        <TBody>
          {examples.length === 0 ? (
            <TableEmptyRow columns={4}>The two models agreed on every sampled request.</TableEmptyRow>
          ) : (
            examples.map((x) => (
              <TR key={x.requestId} className="align-top">
                <TD className="align-top font-mono text-xs whitespace-nowrap">{x.requestId}</TD>
                <TD align="right" className="align-top">
                  {score(x.incumbentScore)}
                </TD>
                <TD align="right" className={cn("align-top font-medium", x.candidateScore < x.incumbentScore ? "text-danger" : x.candidateScore > x.incumbentScore ? "text-success" : "text-fg")}>
                  {score(x.candidateScore)}
                </TD>
                <TD className="align-top">
                  {x.candidateAnswer ? <p className="line-clamp-4 max-w-2xl text-sm whitespace-pre-wrap text-fg">{x.candidateAnswer}</p> : <span className="text-muted">not stored</span>}
                </TD>
              </TR>
            ))
          )}
        </TBody>
      </Table>
    </Card>
  );
}

function TimelineCard({ swap: s }: { swap: Swap }) {
  const events = (s.events ?? []).slice().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <Card>
      <CardHeader title="Timeline" description="Every transition, by whom (system: the proposal generator and the canary controller)." />
      <CardBody>
        {events.length === 0 ? (
          <p className="text-sm text-muted">No events recorded.</p>
        ) : (
          <ol aria-label="Timeline" className="relative space-y-4 border-l border-border pl-5">
            {events.map((ev, i) => (
              <li key={`${ev.createdAt}-${i}`} className="relative">
                <span aria-hidden className={cn("absolute top-1.5 -left-[25px] size-2.5 rounded-full ring-4 ring-surface", ev.toStatus === "rolled_back" ? "bg-danger" : ev.toStatus === "completed" ? "bg-success" : "bg-accent")} />
                <p className="flex flex-wrap items-center gap-x-2 text-sm text-fg">
                  <span className="font-medium">{ev.actor}</span>
                  <span className="inline-flex items-center gap-1 text-muted">
                    {ev.fromStatus && (
                      <>
                        {eventStatus(ev.fromStatus)}
                        <ArrowRightIcon aria-label="to" className="size-3.5" />
                      </>
                    )}
                    <span className="text-fg">{eventStatus(ev.toStatus)}</span>
                  </span>
                  <time dateTime={ev.createdAt} className="text-xs text-muted">
                    {formatDateTime(ev.createdAt)}
                  </time>
                </p>
                {ev.note && <p className="mt-0.5 text-sm text-muted">{ev.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}
