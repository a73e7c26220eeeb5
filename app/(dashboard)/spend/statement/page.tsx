import type { Metadata } from "next";
import Link from "next/link";
import { PrintButton } from "@/components/spend/print-button";
import { StatementView, monthTitle } from "@/components/spend/statement-view";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";
import { statementQuery } from "@/lib/schemas/spend";
import { currentMonth, getStatement, statementChoices } from "@/lib/services/statement";

export const metadata: Metadata = { title: "Spend statement" };

// Printing hides the app's header and sidebar (the shell is not ours to change) and this page's own controls
// (print:hidden), and keeps each team's block on one page where it fits.
const PRINT_CSS = `
@media print {
  body { background: #fff !important; }
  body header.sticky, #sidebar, [aria-label="Skip to content"], a[href="#main"] { display: none !important; }
  main#main { padding: 0 !important; }
  .statement-block { box-shadow: none !important; break-inside: avoid; }
  .statement-team { break-inside: avoid-page; }
  @page { margin: 14mm; }
}`;

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function StatementPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePage("spend:read", "/spend/statement");
  const sp = await searchParams;
  const parsed = statementQuery.safeParse({ month: one(sp.month) || undefined, teamId: one(sp.teamId), costCenter: one(sp.costCenter) });
  const q = parsed.success ? parsed.data : { month: undefined, teamId: undefined, costCenter: undefined, format: "json" as const };
  const month = q.month ?? currentMonth();
  const caller = { actor };
  const choices = await statementChoices(caller);

  let body: React.ReactNode;
  try {
    if (!parsed.success) throw new AppError("bad_request", "month must be YYYY-MM");
    body = <StatementView s={await getStatement(caller, { month, teamId: q.teamId, costCenter: q.costCenter })} />;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    body = <ErrorAlert>{err.code === "forbidden" ? "You can see statements of your own teams only." : err.message}</ErrorAlert>;
  }

  const csvQuery = new URLSearchParams({ month, ...(q.teamId ? { teamId: q.teamId } : {}), ...(q.costCenter ? { costCenter: q.costCenter } : {}), format: "csv" });
  const csvHref = `/api/v1/reports/statement?${csvQuery}`;
  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="print:hidden">
        <PageHeader
          title="Spend statement"
          description={`${monthTitle(month)}, per team and per cost centre, with cost by model and provider. Amounts in USD, months in UTC.`}
          actions={
            <>
              <Link href="/spend" className={buttonStyles({ variant: "ghost" })}>
                Back to spend
              </Link>
              <PrintButton />
              {can(actor.role, "spend:export") && (
                <a href={csvHref} download className={buttonStyles()}>
                  Download CSV
                </a>
              )}
            </>
          }
        />
        <Card className="mb-6 p-4">
          <form method="get" action="/spend/statement" className="flex flex-wrap items-end gap-4">
            <div className="space-y-1.5">
              <Label htmlFor="statement-month">Month</Label>
              <Input id="statement-month" name="month" type="month" defaultValue={month} className="w-44" required />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="statement-team">Team</Label>
              <Select id="statement-team" name="teamId" defaultValue={q.teamId ?? ""} className="w-56">
                <option value="">All teams</option>
                {choices.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </Select>
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="statement-cost-center">Cost centre</Label>
              <Select id="statement-cost-center" name="costCenter" defaultValue={q.costCenter ?? ""} className="w-44">
                <option value="">All cost centres</option>
                {choices.costCenters.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit" variant="secondary">
              Show
            </Button>
          </form>
        </Card>
      </div>
      {body}
    </>
  );
}
