import { withSession } from "@/lib/api/handler";
import { accuracyQuery } from "@/lib/schemas/accuracy";
import { getAccuracy } from "@/lib/services/accuracy";

// GET /api/v1/accuracy - mean score with 95% Wilson intervals per team x task x model (+ a daily/weekly series)
export const GET = withSession({ scope: "accuracy:read", query: accuracyQuery }, async ({ actor, query }) => getAccuracy({ actor }, query));
