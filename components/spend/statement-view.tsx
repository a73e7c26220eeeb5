import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatInt, formatUsd } from "@/components/ui/format";
import { TBody, TD, TH, THead, TR, Table, TableEmptyRow } from "@/components/ui/table";
import type { StatementOutput, StatementTotals, StatementUsage } from "@/lib/schemas/spend";

// The printable monthly statement (server-rendered: what prints is exactly what the API returned). Money shows in
// cents for reading and, for the totals, as the exact 9-decimal figure finance reconciles against the CSV.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const monthTitle = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
const money = (s: string) => formatUsd(Number(s));
const lastDay = (toIso: string) => new Date(new Date(toIso).getTime() - 86_400_000).toISOString().slice(0, 10);

export function StatementView({ s }: { s: StatementOutput }) {
  return (
    <article aria-label={`Statement ${s.billingPeriod}`} className="space-y-6">
      <header className="space-y-1">
        <h2 className="text-lg font-semibold text-fg">Spend statement, {monthTitle(s.billingPeriod)}</h2>
        <p className="text-sm text-muted">
          Billing period {s.from.slice(0, 10)} to {lastDay(s.to)} (UTC) · live traffic through the gateway · generated {s.generatedAt.replace("T", " ").slice(0, 16)} UTC
          {s.filters.costCenter ? ` · cost centre ${s.filters.costCenter}` : ""}
        </p>
      </header>

      <Card className="statement-block">
        <CardHeader title="Total" />
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-4">
          <Figure label="Cost">
            <span className="text-xl font-semibold">{money(s.totals.costUsd)}</span>
            <span className="block font-mono text-xs text-muted">
              USD <span data-testid="statement-total-usd">{s.totals.costUsd}</span>
            </span>
          </Figure>
          <Figure label="Requests">{formatInt(s.totals.requests)}</Figure>
          <Figure label="Tokens in / out">
            {formatInt(s.totals.inputTokens)} / {formatInt(s.totals.outputTokens)}
          </Figure>
          <Figure label="In-house / external">
            {money(s.totals.inHouse.costUsd)} / {money(s.totals.external.costUsd)}
          </Figure>
          <Figure label="Realized savings (completed swaps)">{money(s.totals.realizedSavingsUsd)}</Figure>
        </dl>
      </Card>

      <Card className="statement-block">
        <CardHeader title="By cost centre" description="Teams' current cost centres." />
        <Table label="By cost centre">
          <THead>
            <tr>
              <TH>Cost centre</TH>
              <TH align="right">Teams</TH>
              <TotalsHead />
            </tr>
          </THead>
          <TBody>
            {s.costCenters.length === 0 ? (
              <TableEmptyRow columns={8}>No spend this month.</TableEmptyRow>
            ) : (
              s.costCenters.map((c) => (
                <TR key={c.costCenter ?? ""}>
                  <TD className="font-medium">{c.costCenter ?? "(none)"}</TD>
                  <TD align="right">{c.teams.length}</TD>
                  <TotalsCells t={c.totals} />
                </TR>
              ))
            )}
          </TBody>
        </Table>
      </Card>

      {s.teams.map((t) => (
        <Card key={t.teamId} className="statement-block statement-team">
          <CardHeader
            title={
              <>
                {t.team} <span className="font-normal text-muted">· {t.costCenter ?? "no cost centre"}</span>
              </>
            }
            description={`${money(t.totals.costUsd)} (USD ${t.totals.costUsd}) · ${formatInt(t.totals.requests)} requests · in-house ${money(t.totals.inHouse.costUsd)}, external ${money(t.totals.external.costUsd)} · realized savings ${money(t.totals.realizedSavingsUsd)}`}
          />
          <Table label={`${t.team} by model`}>
            <THead>
              <tr>
                <TH>Model</TH>
                <TH>Provider</TH>
                <UsageHead />
              </tr>
            </THead>
            <TBody>
              {t.models.length === 0 ? (
                <TableEmptyRow columns={6}>No requests this month.</TableEmptyRow>
              ) : (
                t.models.map((m) => (
                  <TR key={`${m.model}\u0000${m.provider}`}>
                    <TD className="font-medium">{m.model || "(none)"}</TD>
                    <TD>
                      {m.provider || "—"}
                      {m.inHouse && (
                        <Badge tone="success" className="ml-2">
                          in-house
                        </Badge>
                      )}
                    </TD>
                    <UsageCells u={m} />
                  </TR>
                ))
              )}
            </TBody>
          </Table>
          {t.providers.length > 0 && (
            <Table label={`${t.team} by provider`} className="border-t border-border">
              <THead>
                <tr>
                  <TH>Provider</TH>
                  <TH>Kind</TH>
                  <UsageHead />
                </tr>
              </THead>
              <TBody>
                {t.providers.map((p) => (
                  <TR key={p.provider}>
                    <TD className="font-medium">{p.provider || "(none)"}</TD>
                    <TD>{p.inHouse ? "in-house" : "external"}</TD>
                    <UsageCells u={p} />
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      ))}
    </article>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-fg tabular-nums">{children}</dd>
    </div>
  );
}

function UsageHead() {
  return (
    <>
      <TH align="right">Requests</TH>
      <TH align="right">Input tokens</TH>
      <TH align="right">Output tokens</TH>
      <TH align="right">Cost</TH>
    </>
  );
}

function UsageCells({ u }: { u: StatementUsage }) {
  return (
    <>
      <TD align="right">{formatInt(u.requests)}</TD>
      <TD align="right">{formatInt(u.inputTokens)}</TD>
      <TD align="right">{formatInt(u.outputTokens)}</TD>
      <TD align="right">{money(u.costUsd)}</TD>
    </>
  );
}

function TotalsHead() {
  return (
    <>
      <TH align="right">Requests</TH>
      <TH align="right">Tokens in / out</TH>
      <TH align="right">In-house</TH>
      <TH align="right">External</TH>
      <TH align="right">Savings</TH>
      <TH align="right">Cost</TH>
    </>
  );
}

function TotalsCells({ t }: { t: StatementTotals }) {
  return (
    <>
      <TD align="right">{formatInt(t.requests)}</TD>
      <TD align="right">
        {formatInt(t.inputTokens)} / {formatInt(t.outputTokens)}
      </TD>
      <TD align="right">{money(t.inHouse.costUsd)}</TD>
      <TD align="right">{money(t.external.costUsd)}</TD>
      <TD align="right">{money(t.realizedSavingsUsd)}</TD>
      <TD align="right" className="font-medium">
        {money(t.costUsd)}
      </TD>
    </>
  );
}
