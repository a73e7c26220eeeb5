"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatUsd } from "@/components/ui/format";
import { cn } from "@/components/ui/cn";
import { useTeamBudget } from "@/lib/queries/teams";

/** This month's budget: a bar with the alert thresholds marked, spend and headroom held, and the alerts so far. */
export function TeamBudgetCard({ teamId }: { teamId: string }) {
  const budget = useTeamBudget(teamId);
  const b = budget.data;
  return (
    <Card>
      <CardHeader title="Budget this month" description="Requests are refused (429) once the monthly budget is spent; alerts fire at the thresholds." />
      <CardBody>
        {!b ? (
          <div aria-busy="true" className="h-16 animate-pulse rounded-md bg-subtle" />
        ) : b.limitUsd === null ? (
          <p className="text-sm text-muted">No monthly budget. {formatUsd(b.spentUsd)} spent since {b.periodStart}. Set one in the team settings to enforce a hard limit.</p>
        ) : (
          <div className="space-y-3">
            <div className="flex items-baseline justify-between text-sm">
              <span>
                <span className="font-semibold text-fg">{formatUsd(b.spentUsd)}</span> <span className="text-muted">of {formatUsd(b.limitUsd)}</span>
              </span>
              <span className={cn("font-medium", (b.percent ?? 0) >= 100 ? "text-danger" : (b.percent ?? 0) >= 80 ? "text-warning" : "text-muted")}>{b.percent?.toFixed(1)}%</span>
            </div>
            <div className="relative h-2.5 rounded-full bg-subtle" role="meter" aria-label="Budget used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, b.percent ?? 0)}>
              <div className={cn("h-full rounded-full", (b.percent ?? 0) >= 100 ? "bg-danger" : (b.percent ?? 0) >= 80 ? "bg-warning" : "bg-accent")} style={{ width: `${Math.min(100, b.percent ?? 0)}%` }} />
              {b.thresholds.filter((t) => t < 100).map((t) => (
                <span key={t} title={`${t}% alert`} className="absolute top-[-3px] h-4 w-px bg-fg/50" style={{ left: `${t}%` }} />
              ))}
            </div>
            <p className="text-xs text-muted">
              Alerts at {b.thresholds.map((t) => `${t}%`).join(", ")}. {b.reservedUsd > 0 && `${formatUsd(b.reservedUsd)} held by running instances for requests in flight.`}
            </p>
            {b.events.length > 0 && (
              <ul className="space-y-1 text-sm" aria-label="Budget alerts">
                {b.events.map((e) => (
                  <li key={`${e.kind}-${e.thresholdPct}`} className="flex items-center gap-2">
                    <Badge tone={e.kind === "blocked" ? "danger" : "warning"}>{e.kind === "blocked" ? "Blocked" : `${e.thresholdPct}%`}</Badge>
                    <span className="text-muted">
                      {formatUsd(e.spentUsd)} of {formatUsd(e.limitUsd)} on {new Date(e.createdAt).toLocaleString()}
                      {e.webhookSentAt ? " · webhook sent" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
