import { withSession } from "@/lib/api/handler";
import { statementQuery } from "@/lib/schemas/spend";
import { exportStatementCsv, getStatement } from "@/lib/services/statement";

// GET /api/v1/reports/statement - the monthly statement per team and cost centre; ?format=csv (spend:export) downloads its lines
export const GET = withSession({ scope: "spend:read", query: statementQuery }, async ({ actor, query }) => {
  if (query.format !== "csv") return getStatement({ actor }, query);
  const { filename, csv } = await exportStatementCsv({ actor }, query);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
});
