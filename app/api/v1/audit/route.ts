import { withSession } from "@/lib/api/handler";
import { auditQuery } from "@/lib/schemas/audit";
import { exportAuditCsv, listAudit } from "@/lib/services/audit-log";

// GET /api/v1/audit - audit events, newest first, filterable, cursor-paginated; ?format=csv downloads them all
export const GET = withSession({ scope: "audit:read", query: auditQuery }, async ({ query }) => {
  if (query.format !== "csv") return listAudit(query);
  return new Response(await exportAuditCsv(query), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="switchyard-audit-${new Date().toISOString().slice(0, 10)}.csv"` },
  });
});
