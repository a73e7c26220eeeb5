import { created, withSession } from "@/lib/api/handler";
import { userCreateInput } from "@/lib/schemas/users";
import { createUserAccount, listUsers } from "@/lib/services/users";

// GET /api/v1/users - every user account (admin)
export const GET = withSession({ scope: "users:read" }, async () => ({ data: await listUsers() }));

// POST /api/v1/users - create an account with a role (admin); the password is never returned
export const POST = withSession({ scope: "users:write", body: userCreateInput }, async ({ actor, ip, body }) => created(await createUserAccount({ actor, ip }, body)));
