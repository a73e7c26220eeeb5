import { withSession } from "@/lib/api/handler";
import { requestListQuery } from "@/lib/schemas/requests";
import { listRequestLog } from "@/lib/services/requests";

// GET /api/v1/requests - the request log, newest first, keyset-paginated (team-scoped roles: their teams)
export const GET = withSession({ scope: "spend:read", query: requestListQuery }, async ({ actor, query }) => listRequestLog({ actor }, query));
