import { withSession } from "@/lib/api/handler";
import { removeMember } from "@/lib/services/teams";

// DELETE /api/v1/teams/{teamId}/members/{userId} - remove a member
export const DELETE = withSession({ scope: "teams:members" }, async ({ actor, ip, params }) => {
  await removeMember({ actor, ip }, params.teamId!, params.userId!);
  return { ok: true };
});
