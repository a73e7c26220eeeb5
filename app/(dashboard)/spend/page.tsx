import type { Metadata } from "next";
import Link from "next/link";
import type { DashboardState } from "@/components/spend/spend-filters";
import { SpendDashboard } from "@/components/spend/spend-dashboard";
import { buttonStyles } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { isTeamScoped } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";
import { PRESETS, type Preset } from "@/lib/charts/ranges";
import { SPEND_GROUPS, SPEND_INTERVALS, type SpendGroup, type SpendInterval } from "@/lib/schemas/spend";

export const metadata: Metadata = { title: "Spend" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 200) : undefined);
const date = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** The dashboard's state from the URL (?range=30d&groupBy=model&teamId=...): links and reloads keep the view. */
function stateFrom(sp: Search): DashboardState {
  const range = one(sp.range);
  const groupBy = one(sp.groupBy);
  const interval = one(sp.interval);
  return {
    preset: PRESETS.includes(range as Preset) ? (range as Preset) : "7d",
    customFrom: date(one(sp.from)),
    customTo: date(one(sp.to)),
    groupBy: SPEND_GROUPS.includes(groupBy as SpendGroup) ? (groupBy as SpendGroup) : "team",
    interval: SPEND_INTERVALS.includes(interval as SpendInterval) ? (interval as SpendInterval) : undefined,
    teamId: one(sp.teamId),
    model: one(sp.model),
    provider: one(sp.provider),
    task: one(sp.task),
  };
}

export default async function SpendPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePage("spend:read", "/spend");
  const month = new Date().toISOString().slice(0, 7);
  return (
    <>
      <PageHeader
        title="Spend"
        description={
          isTeamScoped(actor.role)
            ? "Cost of your teams' live traffic by team, model, provider and task, from the gateway's rollups (UTC)."
            : "Cost of live traffic by team, model, provider and task, from the gateway's rollups (UTC)."
        }
        actions={
          <Link href={`/spend/statement?month=${month}`} className={buttonStyles({ variant: "secondary" })}>
            Monthly statement
          </Link>
        }
      />
      <SpendDashboard initial={stateFrom(await searchParams)} statementMonth={month} />
    </>
  );
}
