import { AppError } from "@/lib/api/errors";
import { createEvaluation } from "@/lib/db/evaluations";
import { findRequestLogById, findRequestLogForTeam } from "@/lib/db/request-log";
import { logWriter } from "@/lib/gateway/log-writer";
import type { ConsoleFeedbackInput, FeedbackInput } from "@/lib/schemas/feedback";
import { recordAudit } from "@/lib/services/audit";
import { assertTeamAccess, auditBy, type Caller } from "@/lib/services/context";

/** Feedback on one of the team's own requests; another team's request id is indistinguishable from a missing one. */
export async function recordFeedback(teamId: string, input: FeedbackInput) {
  const queued = logWriter().pending(input.request_id);
  const req = queued && queued.teamId === teamId ? queued : await findRequestLogForTeam(input.request_id, teamId);
  if (!req || req.teamId !== teamId) throw new AppError("not_found", `No request ${input.request_id} for this team`);
  if (!req.modelName) throw new AppError("bad_request", "That request was not served by any model, so it cannot be scored");
  return createEvaluation({
    requestId: input.request_id,
    teamId,
    task: req.task,
    modelName: req.modelName,
    source: "feedback",
    score: input.score,
    label: input.label ?? null,
    comment: input.comment ?? null,
  });
}

/** Feedback given in the console on a request of a team the caller may act for (accuracy:write on that team). */
export async function recordConsoleFeedback(c: Caller, requestId: string, input: ConsoleFeedbackInput) {
  const queued = logWriter().pending(requestId);
  const req = queued ?? (await findRequestLogById(requestId));
  if (!req) throw new AppError("not_found", `No request ${requestId}`);
  assertTeamAccess(c, "accuracy:write", req.teamId);
  const ev = await recordFeedback(req.teamId, { request_id: requestId, score: input.score, label: input.label, comment: input.comment });
  await recordAudit(auditBy(c, { action: "request.feedback", resourceType: "request", resourceId: requestId, teamId: req.teamId, after: { score: input.score, label: input.label ?? null } }));
  return { id: ev.id, requestId, recorded: true as const };
}
