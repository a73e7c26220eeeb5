import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { createUser, listUsers } from "@/lib/db/users";
import type { z } from "zod";
import type { userCreateInput } from "@/lib/schemas/users";
import { recordAudit } from "@/lib/services/audit";
import { auditBy, type Caller } from "@/lib/services/context";

export { listUsers };

export async function createUserAccount(c: Caller, input: z.infer<typeof userCreateInput>) {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    const user = await createUser({ email: input.email, name: input.name, role: input.role, passwordHash }, tx);
    await recordAudit(auditBy(c, { action: "user.create", resourceType: "user", resourceId: user.id, after: user }), tx);
    return user;
  });
}
