"use client";

import Link from "next/link";
import { useState } from "react";
import { TeamsIcon } from "@/components/icons";
import { CreateTeamDialog } from "@/components/teams/create-team-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatInt, formatUsd } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { useTeams } from "@/lib/queries/teams";

const COLUMNS = 6;

export function TeamsView() {
  const canWrite = useCan("teams:write");
  const [archived, setArchived] = useState(false);
  const teams = useTeams({ archived });
  const [creating, setCreating] = useState(false);
  const list = teams.data ?? [];

  return (
    <>
      <PageHeader
        title="Teams"
        description="Groups that call the gateway: their members, API keys, monthly budgets and routing policies."
        actions={canWrite && <Button onClick={() => setCreating(true)}>Create team</Button>}
      />

      {teams.isError ? (
        <QueryError what="teams" error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.isSuccess && list.length === 0 && !archived ? (
        <EmptyState
          icon={<TeamsIcon />}
          title="No teams yet"
          description="Create a team for each group that calls the gateway, then issue it an API key. Budgets, routing policies and spend are all tracked per team."
          action={canWrite && <Button onClick={() => setCreating(true)}>Create team</Button>}
        />
      ) : (
        <Card>
          {canWrite && (
            <div className="flex items-center justify-between gap-3 border-b border-border px-5 py-2.5">
              <div role="group" aria-label="Which teams" className="inline-flex rounded-md border border-border-strong p-0.5 text-sm">
                {[false, true].map((value) => (
                  <button
                    key={String(value)}
                    type="button"
                    aria-pressed={archived === value}
                    onClick={() => setArchived(value)}
                    className={cn("rounded px-3 py-1 font-medium transition-colors", archived === value ? "bg-subtle text-fg" : "text-muted hover:text-fg")}
                  >
                    {value ? "Archived" : "Active"}
                  </button>
                ))}
              </div>
              <p className="text-xs text-muted tabular-nums">{teams.isSuccess && `${list.length} team${list.length === 1 ? "" : "s"}`}</p>
            </div>
          )}
          <Table label="Teams">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Slug</TH>
                <TH>Cost centre</TH>
                <TH align="right">Monthly budget</TH>
                <TH align="right">Members</TH>
                <TH align="right">Active keys</TH>
              </tr>
            </THead>
            <TBody>
              {teams.isPending ? (
                <TableLoadingRows columns={COLUMNS} />
              ) : list.length === 0 ? (
                <TableEmptyRow columns={COLUMNS}>No archived teams.</TableEmptyRow>
              ) : (
                list.map((t) => (
                  <TR key={t.id}>
                    <TD>
                      <div className="flex items-center gap-2">
                        <Link href={`/teams/${t.id}`} className="rounded font-medium text-fg hover:text-accent-text hover:underline">
                          {t.name}
                        </Link>
                        {t.archivedAt && <Badge>archived</Badge>}
                      </div>
                    </TD>
                    <TD className="font-mono text-xs text-muted">{t.slug}</TD>
                    <TD className="text-muted">{t.costCenter ?? "—"}</TD>
                    <TD align="right">{t.monthlyBudgetUsd === null ? <span className="text-muted">No budget</span> : formatUsd(t.monthlyBudgetUsd)}</TD>
                    <TD align="right">{formatInt(t.memberCount)}</TD>
                    <TD align="right">{formatInt(t.activeKeyCount)}</TD>
                  </TR>
                ))
              )}
            </TBody>
          </Table>
        </Card>
      )}

      <CreateTeamDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
