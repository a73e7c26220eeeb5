"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { formatInt, formatPercent, formatUsd } from "@/components/ui/format";
import { TBody, TD, TH, THead, TR, Table, TableEmptyRow, TableLoadingRows } from "@/components/ui/table";
import type { RankedRow } from "@/lib/charts/spend";
import type { SpendGroupTotal } from "@/lib/schemas/spend";

/** A ranked cost table (top teams, top models); a row opens its requests. */
export function TopTable({
  title,
  label,
  keyHeader,
  rows,
  sub,
  onSelect,
}: {
  title: string;
  label: string;
  keyHeader: string;
  rows: RankedRow<SpendGroupTotal>[] | null;
  sub?: (r: SpendGroupTotal) => string | undefined;
  onSelect: (r: SpendGroupTotal) => void;
}) {
  return (
    <Card>
      <CardHeader title={title} description="By cost in the range. Select a row for its requests." />
      <Table label={label}>
        <THead>
          <tr>
            <TH>{keyHeader}</TH>
            <TH align="right">Requests</TH>
            <TH align="right">Cost</TH>
            <TH align="right">Share</TH>
          </tr>
        </THead>
        <TBody>
          {rows === null ? (
            <TableLoadingRows columns={4} />
          ) : rows.length === 0 ? (
            <TableEmptyRow columns={4}>No traffic in this range.</TableEmptyRow>
          ) : (
            rows.map((r) => (
              <TR key={`${r.key}\u0000${r.provider ?? ""}`} className="cursor-pointer" onClick={() => onSelect(r)}>
                <TD>
                  <button type="button" className="text-left font-medium text-fg hover:underline" onClick={(e) => (e.stopPropagation(), onSelect(r))}>
                    {r.label}
                  </button>
                  {sub?.(r) && <div className="text-xs text-muted">{sub(r)}</div>}
                </TD>
                <TD align="right">{formatInt(r.requests)}</TD>
                <TD align="right">{formatUsd(Number(r.costUsd))}</TD>
                <TD align="right">
                  <span className="inline-flex items-center gap-2">
                    <span aria-hidden className="hidden h-1.5 w-16 overflow-hidden rounded-full bg-subtle sm:inline-block">
                      <span className="block h-full rounded-full bg-accent" style={{ width: `${Math.round(r.fraction * 100)}%` }} />
                    </span>
                    {formatPercent(r.fraction, 0)}
                  </span>
                </TD>
              </TR>
            ))
          )}
        </TBody>
      </Table>
    </Card>
  );
}
