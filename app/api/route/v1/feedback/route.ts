import { handleFeedback } from "@/lib/gateway/side-routes";
import { toWebResponse } from "@/lib/gateway/lite-http";

export const dynamic = "force-dynamic";

// POST /api/route/v1/feedback - {request_id, score 0..1, label?, comment?} on one of the team's requests
export async function POST(req: Request) {
  return toWebResponse(await handleFeedback(req));
}
