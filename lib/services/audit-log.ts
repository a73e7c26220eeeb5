import { listAuditEvents } from "@/lib/db/audit";
import type { AuditEventOutput, AuditQuery } from "@/lib/schemas/audit";
import { toCsv } from "@/lib/services/csv";

// Reading the audit trail: newest first, keyset pagination on the id (stable while new events arrive).

type Row = Awaited<ReturnType<typeof listAuditEvents>>[number];

const toOutput = (e: Row): AuditEventOutput => ({
  id: e.id.toString(),
  createdAt: e.createdAt.toISOString(),
  actor: e.actorLabel,
  action: e.action,
  resourceType: e.resourceType,
  resourceId: e.resourceId,
  teamId: e.teamId,
  before: e.before ?? null,
  after: e.after ?? null,
  ip: e.ip,
});

export async function listAudit(q: AuditQuery): Promise<{ data: AuditEventOutput[]; nextCursor: string | null }> {
  const rows = await listAuditEvents({ ...q, beforeId: q.cursor ? BigInt(q.cursor) : undefined }, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { data: page.map(toOutput), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id.toString() : null };
}

export const AUDIT_CSV_COLUMNS = ["Id", "Time", "Actor", "Action", "ResourceType", "ResourceId", "TeamId", "Ip", "Before", "After"] as const;

/** Every matching event (up to 100k), as CSV with stable columns. */
export async function exportAuditCsv(q: AuditQuery): Promise<string> {
  const out: AuditEventOutput[] = [];
  let cursor: string | undefined = q.cursor;
  for (;;) {
    const page = await listAudit({ ...q, cursor, limit: 500 });
    out.push(...page.data);
    if (!page.nextCursor || out.length >= 100_000) break;
    cursor = page.nextCursor;
  }
  return toCsv(
    AUDIT_CSV_COLUMNS,
    out.map((e) => [e.id, e.createdAt, e.actor, e.action, e.resourceType, e.resourceId, e.teamId, e.ip, e.before === null ? "" : JSON.stringify(e.before), e.after === null ? "" : JSON.stringify(e.after)]),
  );
}
