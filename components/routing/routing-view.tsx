"use client";

import Link from "next/link";
import { useSession } from "next-auth/react";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { RoutingIcon } from "@/components/icons";
import { PolicyEditor } from "@/components/routing/policy-editor";
import { TryItPanel } from "@/components/routing/try-it-panel";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { useCan } from "@/lib/auth/use-can";
import { useModels } from "@/lib/queries/models";
import { useRoutingPolicy } from "@/lib/queries/routing";
import { useTeams } from "@/lib/queries/teams";

export function RoutingView({ initialTeamId }: { initialTeamId?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const teams = useTeams();
  const models = useModels();
  const canWrite = useCan("routing:write");
  const canEditAllowed = useCan("teams:write");
  const canSimulate = useCan("accuracy:read");
  // Until the session is known, useCan() says no: wait rather than flash a read-only editor at admins.
  const sessionReady = useSession().status !== "loading";
  const [chosen, setChosen] = useState(initialTeamId ?? "");
  const list = teams.data ?? [];
  const teamId = list.some((t) => t.id === chosen) ? chosen : (list[0]?.id ?? null);
  const team = list.find((t) => t.id === teamId);
  const policy = useRoutingPolicy(teamId);
  const unknownTeam = Boolean(chosen) && teams.isSuccess && !list.some((t) => t.id === chosen);

  function chooseTeam(id: string) {
    setChosen(id);
    router.replace(`${pathname}?team=${encodeURIComponent(id)}`, { scroll: false });
  }

  const header = (
    <PageHeader
      title="Routing"
      description="Per-team policies that send each task to an ordered list of models, with fallbacks and traffic weights."
      actions={
        list.length > 0 && (
          <div className="flex items-end gap-2">
            <div className="w-64 space-y-1">
              <Label htmlFor="routing-team" className="text-xs text-muted">
                Team
              </Label>
              <Select id="routing-team" value={teamId ?? ""} onChange={(e) => chooseTeam(e.target.value)}>
                {list.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </Select>
            </div>
            {team && (
              <Link href={`/teams/${team.id}`} className={buttonStyles({ variant: "secondary" })}>
                Team page
              </Link>
            )}
            {team && canSimulate && (
              <Link href={`/routing/simulator?team=${encodeURIComponent(team.id)}`} className={buttonStyles({ variant: "secondary" })}>
                What-if simulator
              </Link>
            )}
          </div>
        )
      }
    />
  );

  if (teams.isError) {
    return (
      <>
        {header}
        <QueryError what="teams" error={teams.error} onRetry={() => void teams.refetch()} />
      </>
    );
  }
  if (teams.isSuccess && list.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          icon={<RoutingIcon />}
          title="No teams to route for"
          description="Each team gets a policy mapping tasks such as code, writing or extraction to a primary model and fallbacks. Create a team first."
          action={
            <Link href="/teams" className={buttonStyles({ variant: "secondary" })}>
              Go to Teams
            </Link>
          }
        />
      </>
    );
  }

  const loading = teams.isPending || policy.isPending || models.isPending || !sessionReady;
  return (
    <>
      {header}
      {unknownTeam && <ErrorAlert className="mb-4">The team in the link does not exist or is not yours; showing {team?.name ?? "another team"} instead.</ErrorAlert>}
      {sessionReady && !canWrite && (
        <p role="note" className="mb-4 rounded-md border border-border bg-subtle px-4 py-2.5 text-sm text-muted">
          Read-only: your role can view this policy but not change it.
        </p>
      )}
      {policy.isError ? (
        <QueryError what="the routing policy" error={policy.error} onRetry={() => void policy.refetch()} />
      ) : models.isError ? (
        <QueryError what="models" error={models.error} onRetry={() => void models.refetch()} />
      ) : loading || !policy.data || !teamId ? (
        <div aria-busy="true" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="h-96 animate-pulse rounded-xl bg-subtle" />
          <div className="h-72 animate-pulse rounded-xl bg-subtle" />
        </div>
      ) : (
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <PolicyEditor
            // A new team or a newly saved version starts a fresh draft.
            key={`${teamId}:${policy.data.version}:${policy.data.updatedAt ?? ""}`}
            teamId={teamId}
            policy={policy.data}
            models={models.data ?? []}
            canWrite={canWrite}
            canEditAllowed={canEditAllowed}
          />
          <div className="lg:sticky lg:top-20">
            <TryItPanel key={teamId} teamId={teamId} tasks={policy.data.tasks} models={models.data ?? []} />
          </div>
        </div>
      )}
    </>
  );
}
