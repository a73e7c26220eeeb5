"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime, formatInt, formatMs, formatUsd } from "@/components/ui/format";
import { QueryError } from "@/components/ui/query-state";
import { TBody, TD, TH, THead, TR, Table, TableEmptyRow, TableLoadingRows } from "@/components/ui/table";
import { Drawer } from "@/components/spend/drawer";
import { RateAnswer } from "@/components/spend/rate-answer";
import { useSpendRequests, type RequestLogFilters, type RequestPage } from "@/lib/queries/spend";

export type Drill = {
  title: string;
  /** Filters the request log API applies. */
  filters: RequestLogFilters;
  /** Narrowing the API cannot do yet (provider, task): applied to the rows loaded so far. */
  local?: { provider?: string; task?: string };
};

type Row = RequestPage["data"][number];

const STATUS_TONE = { success: "success", error: "danger", incomplete: "warning", cancelled: "neutral" } as const;

/** The request log behind a bar, point or table row: newest first, "Load more" pages, a row opens its details. */
export function RequestDrilldown({ drill, teamName, onClose }: { drill: Drill; teamName: (id: string) => string; onClose: () => void }) {
  const q = useSpendRequests(drill.filters);
  const [open, setOpen] = useState<Row | null>(null);
  const loaded = q.data?.pages.flatMap((p) => p.data) ?? [];
  const rows = loaded.filter((r) => (!drill.local?.provider || r.provider === drill.local.provider) && (!drill.local?.task || r.task === drill.local.task));
  const localNote = drill.local && (drill.local.provider || drill.local.task);

  return (
    <Card className="mt-6" id="spend-requests">
      <CardHeader
        title={`Requests: ${drill.title}`}
        description={
          localNote
            ? `Filtered by ${drill.local?.provider ? "provider" : "task"} among the ${formatInt(loaded.length)} requests loaded; load more to search further back.`
            : "Newest first. Select a request for its timing, attempts and route."
        }
        actions={
          <Button variant="ghost" size="sm" onClick={onClose}>
            Close
          </Button>
        }
      />
      {q.isError ? (
        <div className="p-5">
          <QueryError error={q.error} onRetry={() => void q.refetch()} what="requests" />
        </div>
      ) : (
        <Table label="Requests">
          <THead>
            <tr>
              <TH>Time</TH>
              <TH>Team</TH>
              <TH>Model</TH>
              <TH>Task</TH>
              <TH>Status</TH>
              <TH align="right">Tokens in / out</TH>
              <TH align="right">Cost</TH>
              <TH align="right">Latency</TH>
            </tr>
          </THead>
          <TBody>
            {q.isPending ? (
              <TableLoadingRows columns={8} />
            ) : rows.length === 0 ? (
              <TableEmptyRow columns={8}>No requests here{q.hasNextPage ? " among those loaded" : ""}.</TableEmptyRow>
            ) : (
              rows.map((r) => (
                <TR key={r.id} className="cursor-pointer" onClick={() => setOpen(r)}>
                  <TD className="whitespace-nowrap">
                    <button type="button" className="text-left text-fg hover:underline" onClick={() => setOpen(r)}>
                      {formatDateTime(r.createdAt)}
                    </button>
                  </TD>
                  <TD>{teamName(r.teamId)}</TD>
                  <TD>
                    {r.model ?? "—"}
                    {r.fallback && (
                      <Badge tone="warning" className="ml-2">
                        fallback
                      </Badge>
                    )}
                  </TD>
                  <TD>{r.task}</TD>
                  <TD>
                    <Badge tone={STATUS_TONE[r.status as keyof typeof STATUS_TONE] ?? "neutral"}>{r.status}</Badge>
                  </TD>
                  <TD align="right">
                    {formatInt(r.inputTokens)} / {formatInt(r.outputTokens)}
                  </TD>
                  <TD align="right">{formatUsd(r.costUsd, { precise: true })}</TD>
                  <TD align="right">{formatMs(r.latencyMs)}</TD>
                </TR>
              ))
            )}
          </TBody>
        </Table>
      )}
      {q.hasNextPage && (
        <div className="flex justify-center border-t border-border px-5 py-3">
          <Button variant="secondary" size="sm" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} title="Request" description={open?.id}>
        {open && <RequestDetail r={open} teamName={teamName} />}
      </Drawer>
    </Card>
  );
}

function RequestDetail({ r, teamName }: { r: Row; teamName: (id: string) => string }) {
  const items: [string, React.ReactNode][] = [
    ["Time", formatDateTime(r.createdAt)],
    ["Team", teamName(r.teamId)],
    ["Endpoint", r.endpoint],
    ["Task", r.task],
    ["Requested model", r.requestedModel],
    ["Served by", r.model ? `${r.model} (${r.provider ?? "?"}${r.inHouse ? ", in-house" : ""})` : "— (no model reached)"],
    ["Status", `${r.status} (HTTP ${r.httpStatus})`],
    ["Stream", r.stream ? "yes" : "no"],
    ["Tokens", `${formatInt(r.inputTokens)} in / ${formatInt(r.outputTokens)} out`],
    ["Cost", formatUsd(r.costUsd, { precise: true })],
  ];
  const timing: [string, React.ReactNode][] = [
    ["Latency", formatMs(r.latencyMs)],
    ["Time to first token", formatMs(r.ttftMs)],
    ["Attempts", formatInt(r.attempts)],
    ["Fallback", r.fallback ? "yes: a later model in the chain served it" : "no"],
  ];
  return (
    <div className="space-y-6 text-sm">
      <DetailList title="Request" items={items} />
      <DetailList title="Timing and attempts" items={timing} />
      <section>
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">Route reason</h3>
        <p className="rounded-md border border-border bg-subtle px-3 py-2 font-mono text-xs break-words text-fg">{r.routeReason ?? "—"}</p>
      </section>
      <RateAnswer key={r.id} requestId={r.id} model={r.status === "success" ? r.model : null} />
    </div>
  );
}

function DetailList({ title, items }: { title: string; items: [string, React.ReactNode][] }) {
  return (
    <section>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5">
        {items.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="min-w-0 break-words text-fg">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
