import { AppError } from "@/lib/api/errors";
import { createEvaluation } from "@/lib/db/evaluations";
import { findRequestLogForTeam } from "@/lib/db/request-log";
import { logWriter } from "@/lib/gateway/log-writer";
import type { FeedbackInput } from "@/lib/schemas/feedback";

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
