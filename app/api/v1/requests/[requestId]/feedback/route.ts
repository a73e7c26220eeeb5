import { created, withSession } from "@/lib/api/handler";
import { consoleFeedbackInput } from "@/lib/schemas/feedback";
import { recordConsoleFeedback } from "@/lib/services/feedback";

// POST /api/v1/requests/{requestId}/feedback - rate a request's answer from the console (team-scoped)
export const POST = withSession({ scope: "accuracy:write", body: consoleFeedbackInput }, async ({ actor, ip, params, body }) => created(await recordConsoleFeedback({ actor, ip }, params.requestId!, body)));
