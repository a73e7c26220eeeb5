import { withSession } from "@/lib/api/handler";
import { PERMISSIONS } from "@/lib/auth/permissions";

// GET /api/v1/me - who is calling, with their role, teams and scopes
export const GET = withSession({ scope: "overview:read" }, async ({ actor }) => ({
  email: actor.email,
  name: actor.name,
  role: actor.role,
  kind: actor.kind,
  teamIds: actor.teamIds,
  scopes: PERMISSIONS[actor.role],
}));
