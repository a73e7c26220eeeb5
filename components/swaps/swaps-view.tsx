"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { ArrowRightIcon, SwapsIcon } from "@/components/icons";
import { STATUS_TONE, SWAP_TABS, statusLabel, type SwapTab } from "@/components/swaps/swap-labels";
import { Badge } from "@/components/ui/badge";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime, formatUsd } from "@/components/ui/format";
import { QueryError } from "@/components/ui/query-state";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { useSwaps, type Swap } from "@/lib/queries/swaps";

const COLUMNS = 8;

/** Swap proposals by state. One request for all of them (there are few), so every tab shows its count. */
export function SwapsView({ initialTab }: { initialTab: SwapTab }) {
  const [tab, setTab] = useState<SwapTab>(initialTab);
  const swaps = useSwaps();
  const canAccuracy = useCan("accuracy:read");
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const all = swaps.data ?? [];
  const current = SWAP_TABS.find((t) => t.id === tab)!;
  const shown = all.filter((s) => (current.statuses as readonly string[]).includes(s.status));

  useEffect(() => {
    window.history.replaceState(null, "", tab === "proposed" ? "/swaps" : `/swaps?status=${tab}`);
  }, [tab]);

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern: one tab stop, arrows inside).
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const i = SWAP_TABS.findIndex((t) => t.id === tab);
    const next = event.key === "ArrowRight" ? i + 1 : event.key === "ArrowLeft" ? i - 1 : event.key === "Home" ? 0 : event.key === "End" ? SWAP_TABS.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const j = (next + SWAP_TABS.length) % SWAP_TABS.length;
    setTab(SWAP_TABS[j]!.id);
    tabRefs.current[j]?.focus();
  }

  if (swaps.isError) return <QueryError what="swap proposals" error={swaps.error} onRetry={() => void swaps.refetch()} />;

  if (swaps.isSuccess && all.length === 0) {
    return (
      <EmptyState
        icon={<SwapsIcon />}
        title="No swap proposals yet"
        description={
          <>
            <p>
              Proposals appear on their own once shadow evaluation shows that a cheaper model is non-inferior to the one serving a task: at least the policy&apos;s minimum of paired samples
              (100 by default), a one-sided 95% bound within 2 points of the incumbent, and a lower projected cost.
            </p>
            <p className="mt-2">Each proposal carries its evidence and projected savings; approving it starts a gradual canary that rolls back by itself if accuracy or error rates slip.</p>
          </>
        }
        action={
          canAccuracy && (
            <Link href="/accuracy" className={buttonStyles({ variant: "secondary" })}>
              Set up shadow evaluation
            </Link>
          )
        }
      />
    );
  }

  return (
    <Card>
      <div role="tablist" aria-label="Proposal status" onKeyDown={onKeyDown} className="flex flex-wrap gap-1 border-b border-border px-3 pt-2">
        {SWAP_TABS.map((t, i) => {
          const count = all.filter((s) => (t.statuses as readonly string[]).includes(s.status)).length;
          const selected = t.id === tab;
          return (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`swaps-tab-${t.id}`}
              aria-selected={selected}
              aria-controls="swaps-panel"
              tabIndex={selected ? 0 : -1}
              onClick={() => setTab(t.id)}
              className={cn(
                "-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition-colors",
                selected ? "border-accent text-fg" : "border-transparent text-muted hover:text-fg",
              )}
            >
              {t.label}
              {swaps.isSuccess && <span className={cn("rounded-full px-1.5 text-xs tabular-nums", selected ? "bg-accent-soft text-accent-text" : "bg-subtle text-muted")}>{count}</span>}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id="swaps-panel" aria-labelledby={`swaps-tab-${tab}`}>
        <Table label="Swap proposals">
          <THead>
            <tr>
              <TH>Team</TH>
              <TH>Task</TH>
              <TH>Change</TH>
              <TH>Status</TH>
              <TH align="right">Projected / month</TH>
              <TH align="right">Realized</TH>
              <TH>Canary</TH>
              <TH>Created</TH>
            </tr>
          </THead>
          <TBody>
            {swaps.isPending ? (
              <TableLoadingRows columns={COLUMNS} />
            ) : shown.length === 0 ? (
              <TableEmptyRow columns={COLUMNS}>{current.empty}</TableEmptyRow>
            ) : (
              shown.map((s) => <SwapRow key={s.id} swap={s} />)
            )}
          </TBody>
        </Table>
      </div>
    </Card>
  );
}

function SwapRow({ swap: s }: { swap: Swap }) {
  return (
    <TR>
      <TD className="whitespace-nowrap text-fg">{s.teamName}</TD>
      <TD className="font-mono text-xs">{s.task}</TD>
      <TD>
        <Link href={`/swaps/${encodeURIComponent(s.id)}`} className="group inline-flex items-center gap-1.5 rounded font-medium whitespace-nowrap text-fg hover:text-accent-text" aria-label={`${s.fromModel} to ${s.toModel} for ${s.teamName} ${s.task}`}>
          <span>{s.fromModel}</span>
          <ArrowRightIcon aria-hidden className="size-3.5 text-muted group-hover:text-accent-text" />
          <span>{s.toModel}</span>
        </Link>
      </TD>
      <TD>
        <Badge tone={STATUS_TONE[s.status]}>{statusLabel(s)}</Badge>
        {s.needsFinanceCosign && (s.status === "proposed" || s.status === "approved") && <span className="ml-1.5 text-xs text-muted">needs finance</span>}
      </TD>
      <TD align="right" className="font-medium text-fg">
        {formatUsd(s.projectedMonthlySavingsUsd)}
      </TD>
      <TD align="right" className="text-muted">
        {s.status === "canary" || s.status === "completed" || s.realizedSavingsUsd > 0 ? formatUsd(s.realizedSavingsUsd) : "—"}
      </TD>
      <TD>
        <CanaryMeter percent={s.currentPercent} rolledBack={s.status === "rolled_back"} />
      </TD>
      <TD className="whitespace-nowrap text-muted" title={formatDateTime(s.createdAt)}>
        {formatDate(s.createdAt)}
      </TD>
    </TR>
  );
}

/** The candidate's share of the task's traffic now, as a number and a small bar. */
export function CanaryMeter({ percent, rolledBack = false }: { percent: number; rolledBack?: boolean }) {
  return (
    <div className="flex items-center gap-2">
      <div role="progressbar" aria-label="Candidate traffic" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-1.5 w-20 overflow-hidden rounded-full bg-subtle">
        <div className={cn("h-full rounded-full", rolledBack ? "bg-danger" : percent >= 100 ? "bg-success" : "bg-accent")} style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      </div>
      <span className="w-9 text-right text-xs text-muted tabular-nums">{percent}%</span>
    </div>
  );
}
