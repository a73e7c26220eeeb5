import { AppError } from "@/lib/api/errors";
import { visibleTeamIds } from "@/lib/auth/permissions";
import { listRequests } from "@/lib/db/request-list";
import type { RequestListQuery, RequestRowOutput } from "@/lib/schemas/requests";
import { assertTeamAccess, type Caller } from "@/lib/services/context";

// The request log as the console shows it. Team-scoped roles see their own teams; a teamId of another team is
// a 403, never an empty page (so a forged id is visible in tests and logs).

export async function listRequestLog(c: Caller, q: RequestListQuery): Promise<{ data: RequestRowOutput[]; nextCursor: string | null }> {
  let teamIds = visibleTeamIds(c.actor);
  if (q.teamId) {
    assertTeamAccess(c, "spend:read", q.teamId);
    teamIds = [q.teamId];
  }
  let after: { createdAt: Date; id: string } | undefined;
  if (q.cursor) {
    const [ts, id] = q.cursor.split("|");
    const createdAt = new Date(ts ?? "");
    if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("bad_request", "cursor: must be the nextCursor of a previous page");
    after = { createdAt, id };
  }
  const rows = await listRequests({ teamIds, model: q.model, status: q.status, from: q.from, to: q.to, after }, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      teamId: r.teamId,
      endpoint: r.endpoint,
      task: r.task,
      requestedModel: r.requestedModel,
      model: r.modelName,
      provider: r.providerName,
      inHouse: r.inHouse,
      status: r.status,
      httpStatus: r.httpStatus,
      stream: r.stream,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costUsd: Number(r.costUsd),
      latencyMs: r.latencyMs,
      ttftMs: r.ttftMs,
      attempts: r.attempts,
      fallback: r.fallback,
      routeReason: r.routeReason,
    })),
    nextCursor: rows.length > q.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
  };
}
