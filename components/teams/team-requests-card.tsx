"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorAlert } from "@/components/ui/alert";
import { formatDateTime, formatInt, formatMs, formatRelative, formatUsd } from "@/components/ui/format";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useRequests } from "@/lib/queries/requests";

const STATUS_TONE: Record<string, "success" | "danger" | "warning" | "neutral"> = { success: "success", error: "danger", incomplete: "warning", cancelled: "neutral" };
const COLUMNS = 9;

/** The team's last 20 gateway requests (spend:read), refreshed every 15 s while the page is open. */
export function TeamRequestsCard({ teamId }: { teamId: string }) {
  const requests = useRequests({ teamId, limit: 20 }, { refetchInterval: 15_000 });
  const rows = requests.data?.data ?? [];
  return (
    <Card>
      <CardHeader
        title="Recent requests"
        description="The last 20 requests through the gateway with this team's keys."
        actions={
          <Button variant="secondary" size="sm" onClick={() => void requests.refetch()} loading={requests.isFetching && !requests.isPending}>
            Refresh
          </Button>
        }
      />
      {requests.isError ? (
        <div className="px-5 py-4">
          <ErrorAlert>Could not load requests: {errorMessage(requests.error)}</ErrorAlert>
        </div>
      ) : (
        <Table label="Recent requests">
          <THead>
            <tr>
              <TH>Time</TH>
              <TH>Model</TH>
              <TH>Provider</TH>
              <TH>Task</TH>
              <TH>Status</TH>
              <TH align="right">Tokens in / out</TH>
              <TH align="right">Cost</TH>
              <TH align="right">Latency</TH>
              <TH>Route</TH>
            </tr>
          </THead>
          <TBody>
            {requests.isPending ? (
              <TableLoadingRows columns={COLUMNS} rows={3} />
            ) : rows.length === 0 ? (
              <TableEmptyRow columns={COLUMNS}>No requests yet. Call the gateway with one of the team&apos;s keys.</TableEmptyRow>
            ) : (
              rows.map((r) => (
                <TR key={r.id}>
                  <TD className="whitespace-nowrap" title={formatDateTime(r.createdAt)}>
                    {formatRelative(r.createdAt)}
                  </TD>
                  <TD>
                    <div className="font-mono text-xs whitespace-nowrap text-fg">{r.model ?? "—"}</div>
                    {r.requestedModel !== r.model && r.requestedModel.toLowerCase() !== "auto" && (
                      <div className="font-mono text-[11px] whitespace-nowrap text-muted">asked {r.requestedModel}</div>
                    )}
                  </TD>
                  <TD>
                    <div className="flex items-center gap-1.5 whitespace-nowrap">
                      {r.provider ?? "—"}
                      {r.inHouse && <Badge tone="success">in-house</Badge>}
                    </div>
                  </TD>
                  <TD className="font-mono text-xs whitespace-nowrap">{r.task}</TD>
                  <TD>
                    <div className="flex flex-wrap items-center gap-1">
                      <Badge tone={STATUS_TONE[r.status] ?? "neutral"} title={`HTTP ${r.httpStatus}`}>
                        {r.status}
                      </Badge>
                      {r.fallback && <Badge tone="warning">fallback</Badge>}
                    </div>
                  </TD>
                  <TD align="right" className="whitespace-nowrap">
                    {formatInt(r.inputTokens)} / {formatInt(r.outputTokens)}
                  </TD>
                  <TD align="right">{formatUsd(r.costUsd, { precise: true })}</TD>
                  <TD align="right" className="whitespace-nowrap">
                    {formatMs(r.latencyMs)}
                  </TD>
                  <TD>
                    <span className="block max-w-64 truncate text-xs text-muted" title={r.routeReason ?? undefined}>
                      {r.routeReason ?? "—"}
                    </span>
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
