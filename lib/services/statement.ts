import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { completedSwapSavings, listStatementTeams, statementLines, teamLabels, type StatementLineRow } from "@/lib/db/spend";
import { STATEMENT_CSV_COLUMNS, type StatementOutput, type StatementQuery, type StatementTeam, type StatementTotals, type StatementUsage } from "@/lib/schemas/spend";
import type { Caller } from "@/lib/services/context";
import { toCsv } from "@/lib/services/csv";
import { nanoToUsd, scopeTeams, usdToNano } from "@/lib/services/spend";

// The monthly statement finance reconciles against invoices: per team and per cost centre, with cost by model,
// provider and task, in-house vs external. One query returns team x provider x model x task lines; every other
// figure is summed from those lines in integer nano-dollars, so each subtotal is exactly the sum of its lines
// and the CSV (the lines) adds up to the JSON totals to the last digit. Cost centres are the teams' current ones.

type Acc = { requests: number; inputTokens: number; outputTokens: number; nano: bigint };
const acc = (): Acc => ({ requests: 0, inputTokens: 0, outputTokens: 0, nano: 0n });
function add(a: Acc, l: { requests: number; inputTokens: number; outputTokens: number; nano: bigint }) {
  a.requests += l.requests;
  a.inputTokens += l.inputTokens;
  a.outputTokens += l.outputTokens;
  a.nano += l.nano;
}
const usage = (a: Acc): StatementUsage => ({ requests: a.requests, inputTokens: a.inputTokens, outputTokens: a.outputTokens, costUsd: nanoToUsd(a.nano) });

type TotalsAcc = { all: Acc; inHouse: Acc; external: Acc; savings: bigint };
const totalsAcc = (): TotalsAcc => ({ all: acc(), inHouse: acc(), external: acc(), savings: 0n });
const totals = (t: TotalsAcc): StatementTotals => ({ ...usage(t.all), inHouse: usage(t.inHouse), external: usage(t.external), realizedSavingsUsd: nanoToUsd(t.savings) });

type Line = { teamId: string; provider: string; model: string; task: string; inHouse: boolean; requests: number; inputTokens: number; outputTokens: number; nano: bigint };
const lineOf = (r: StatementLineRow): Line => ({
  teamId: r.team_id,
  provider: r.provider_name,
  model: r.model_name,
  task: r.task,
  inHouse: r.in_house,
  requests: Number(r.requests),
  inputTokens: Number(r.input_tokens),
  outputTokens: Number(r.output_tokens),
  nano: usdToNano(r.cost_usd),
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCostDesc = (a: { nano: bigint; key: string }, b: { nano: bigint; key: string }) => (a.nano === b.nano ? cmp(a.key, b.key) : b.nano > a.nano ? 1 : -1);

/** "2026-03" -> [2026-03-01T00:00Z, 2026-04-01T00:00Z). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
}

export const currentMonth = (now: Date = new Date()) => now.toISOString().slice(0, 7);

export async function getStatement(c: Caller, q: Pick<StatementQuery, "month" | "teamId" | "costCenter">, now: Date = new Date()): Promise<StatementOutput> {
  const billingPeriod = q.month ?? currentMonth(now);
  const { from, to } = monthRange(billingPeriod);
  const teamIds = scopeTeams(c, q.teamId);
  const lines = (await statementLines({ from, to, teamIds, costCenter: q.costCenter })).map(lineOf);

  const ids = new Set(lines.map((l) => l.teamId));
  if (q.teamId) ids.add(q.teamId); // an asked-for team appears even in a month without traffic
  const labels = new Map((await teamLabels([...ids])).map((t) => [t.id, t]));
  if (q.costCenter !== undefined && q.teamId && labels.get(q.teamId)?.costCenter !== q.costCenter) ids.delete(q.teamId);
  const savings = await completedSwapSavings([...ids]);

  const teams = new Map<string, { t: TotalsAcc; models: Map<string, Acc & { model: string; provider: string; inHouse: boolean }>; providers: Map<string, Acc & { provider: string; inHouse: boolean }>; lines: Line[] }>();
  for (const id of ids) teams.set(id, { t: totalsAcc(), models: new Map(), providers: new Map(), lines: [] });
  for (const l of lines) {
    const team = teams.get(l.teamId)!;
    add(team.t.all, l);
    add(l.inHouse ? team.t.inHouse : team.t.external, l);
    const mk = `${l.model}\u0000${l.provider}`;
    if (!team.models.has(mk)) team.models.set(mk, { ...acc(), model: l.model, provider: l.provider, inHouse: l.inHouse });
    add(team.models.get(mk)!, l);
    if (!team.providers.has(l.provider)) team.providers.set(l.provider, { ...acc(), provider: l.provider, inHouse: l.inHouse });
    add(team.providers.get(l.provider)!, l);
    team.lines.push(l);
  }

  const out: StatementTeam[] = [];
  for (const [id, team] of teams) {
    const label = labels.get(id);
    team.t.savings = usdToNano(savings.get(id) ?? "0");
    out.push({
      teamId: id,
      team: label?.name ?? id, // a deleted team keeps its history under its id
      slug: label?.slug ?? null,
      costCenter: label?.costCenter ?? null,
      totals: totals(team.t),
      models: [...team.models.values()].map((m) => ({ key: m.model + m.provider, ...m })).sort(byCostDesc).map((m) => ({ model: m.model, provider: m.provider, inHouse: m.inHouse, ...usage(m) })),
      providers: [...team.providers.values()].map((p) => ({ key: p.provider, ...p })).sort(byCostDesc).map((p) => ({ provider: p.provider, inHouse: p.inHouse, ...usage(p) })),
      lines: team.lines
        .sort((a, b) => cmp(a.provider, b.provider) || cmp(a.model, b.model) || cmp(a.task, b.task))
        .map((l) => ({ provider: l.provider, model: l.model, task: l.task, inHouse: l.inHouse, requests: l.requests, inputTokens: l.inputTokens, outputTokens: l.outputTokens, costUsd: nanoToUsd(l.nano) })),
    });
  }
  // Cost centre, then team name: the order of the printed statement and of the CSV.
  out.sort((a, b) => cmp(a.costCenter ?? "\uffff", b.costCenter ?? "\uffff") || cmp(a.team, b.team) || cmp(a.teamId, b.teamId));

  const grand = totalsAcc();
  const centres = new Map<string | null, { teams: string[]; t: TotalsAcc }>();
  for (const team of out) {
    const src = teams.get(team.teamId)!.t;
    if (!centres.has(team.costCenter)) centres.set(team.costCenter, { teams: [], t: totalsAcc() });
    const cc = centres.get(team.costCenter)!;
    cc.teams.push(team.teamId);
    for (const t of [cc.t, grand]) {
      add(t.all, src.all);
      add(t.inHouse, src.inHouse);
      add(t.external, src.external);
      t.savings += src.savings;
    }
  }
  return {
    billingPeriod,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    filters: { teamId: q.teamId ?? null, costCenter: q.costCenter ?? null },
    totals: totals(grand),
    costCenters: [...centres.entries()].map(([costCenter, cc]) => ({ costCenter, teams: cc.teams, totals: totals(cc.t) })),
    teams: out,
  };
}

/** The statement's lines as CSV, STATEMENT_CSV_COLUMNS exactly. Exporting needs spend:export. */
export async function exportStatementCsv(c: Caller, q: Pick<StatementQuery, "month" | "teamId" | "costCenter">, now: Date = new Date()): Promise<{ filename: string; csv: string }> {
  if (!can(c.actor.role, "spend:export")) throw new AppError("forbidden", `Your role (${c.actor.role}) does not allow spend:export`);
  const s = await getStatement(c, q, now);
  const rows = s.teams.flatMap((t) =>
    t.lines.map((l) => [s.billingPeriod, t.costCenter ?? "", t.team, l.provider, l.model, l.task, l.requests, l.inputTokens, l.outputTokens, l.costUsd]),
  );
  const scope = q.teamId ? `-${s.teams[0]?.slug ?? q.teamId}` : q.costCenter ? `-${q.costCenter}` : "";
  const filename = `switchyard-statement-${s.billingPeriod}${scope}.csv`.replace(/[^\w.-]/g, "_");
  return { filename, csv: toCsv(STATEMENT_CSV_COLUMNS, rows) };
}

/** The choices of the statement page's team and cost-centre pickers, within the caller's reach. */
export async function statementChoices(c: Caller): Promise<{ teams: { id: string; name: string; costCenter: string | null }[]; costCenters: string[] }> {
  const teams = await listStatementTeams(scopeTeams(c, undefined));
  const costCenters = [...new Set(teams.map((t) => t.costCenter).filter((x): x is string => Boolean(x)))].sort();
  return { teams: teams.map((t) => ({ id: t.id, name: t.name, costCenter: t.costCenter })), costCenters };
}
