"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ArrowRightIcon, RoutingIcon } from "@/components/icons";
import { TeamBudgetCard } from "@/components/teams/team-budget-card";
import { TeamKeysCard } from "@/components/teams/team-keys-card";
import { TeamMembersCard } from "@/components/teams/team-members-card";
import { TeamRequestsCard } from "@/components/teams/team-requests-card";
import { TeamSettingsCard } from "@/components/teams/team-settings-card";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonStyles } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatUsd } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { useCan } from "@/lib/auth/use-can";
import { ApiError } from "@/lib/queries/fetch-json";
import { useArchiveTeam, useTeam } from "@/lib/queries/teams";

export function TeamDetail({ teamId }: { teamId: string }) {
  const router = useRouter();
  const team = useTeam(teamId);
  const canWrite = useCan("teams:write");
  const canKeys = useCan("keys:read");
  const canSpend = useCan("spend:read");
  const canRouting = useCan("routing:read");
  const archive = useArchiveTeam();
  const [archiving, setArchiving] = useState(false);

  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
      <Link href="/teams" className="rounded hover:text-fg hover:underline">
        Teams
      </Link>
      <span aria-hidden> / </span>
      <span aria-current="page">{team.data?.name ?? "…"}</span>
    </nav>
  );

  if (team.isError) {
    const missing = team.error instanceof ApiError && (team.error.status === 404 || team.error.status === 403);
    return (
      <>
        {breadcrumb}
        <PageHeader title="Team" />
        {missing ? <ErrorAlert>This team does not exist or you are not a member of it.</ErrorAlert> : <QueryError what="the team" error={team.error} onRetry={() => void team.refetch()} />}
      </>
    );
  }
  if (!team.data) {
    return (
      <div aria-busy="true">
        {breadcrumb}
        <div className="mb-6 h-8 w-64 animate-pulse rounded bg-subtle" />
        <div className="h-48 animate-pulse rounded-xl bg-subtle" />
      </div>
    );
  }

  const t = team.data;
  const archived = Boolean(t.archivedAt);
  return (
    <>
      {breadcrumb}
      <PageHeader
        title={t.name}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-mono text-xs">{t.slug}</span>
            {t.costCenter && <span>Cost centre {t.costCenter}</span>}
            <span>{t.monthlyBudgetUsd === null ? "No monthly budget" : `Budget ${formatUsd(t.monthlyBudgetUsd)} / month`}</span>
            {archived && <Badge>archived</Badge>}
          </span>
        }
        actions={
          <>
            {canRouting && !archived && (
              <Link href={`/routing?team=${encodeURIComponent(t.id)}`} className={buttonStyles({ variant: "secondary" })}>
                <RoutingIcon className="size-4" />
                Routing policy
                <ArrowRightIcon className="size-3.5" />
              </Link>
            )}
            {canWrite && !archived && (
              <Button variant="danger" onClick={() => setArchiving(true)}>
                Archive team
              </Button>
            )}
          </>
        }
      />
      {archived && (
        <div role="status" className="mb-6 rounded-md border border-border bg-subtle px-4 py-3 text-sm text-muted">
          This team was archived: its keys no longer work and nothing can be changed. Its history is kept for spend and audit.
        </div>
      )}
      <div className="space-y-6">
        <TeamSettingsCard team={t} canWrite={canWrite} />
        <TeamMembersCard teamId={t.id} teamName={t.name} archived={archived} />
        {canKeys && <TeamKeysCard teamId={t.id} teamName={t.name} archived={archived} />}
        {canSpend && <TeamBudgetCard teamId={t.id} />}
        {canSpend && <TeamRequestsCard teamId={t.id} />}
      </div>
      <ConfirmDialog
        open={archiving}
        onClose={() => setArchiving(false)}
        title={`Archive ${t.name}?`}
        description="Its API keys stop working within a second and it disappears from the team lists. Spend, requests and audit history are kept."
        confirmLabel="Archive team"
        onConfirm={async () => {
          await archive.mutateAsync(t.id);
          toast.success(`Team “${t.name}” archived`);
          router.push("/teams");
        }}
      />
    </>
  );
}
