import { AppError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { countAdmins, createUser } from "@/lib/db/users";
import type { SetupInput } from "@/lib/schemas/users";
import { recordAudit } from "@/lib/services/audit";

const SETUP_LOCK = 727_001; // pg advisory lock id: one first-admin creation at a time, across instances
// Concurrent attempts queue on the lock inside their transactions: give them room to wait (Prisma's defaults,
// 2 s to start and 5 s to finish, fail the losers with a timeout instead of "already complete").
const LOCKED_TX = { maxWait: 15_000, timeout: 20_000 };

export async function isSetupNeeded(): Promise<boolean> {
  return (await countAdmins()) === 0;
}

/** Create the first admin; refused once any admin exists, so the setup page cannot be replayed. */
export async function createFirstAdmin(input: SetupInput) {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await countAdmins(tx)) > 0) throw new AppError("conflict", "Setup is already complete: sign in instead");
    const user = await createUser({ email: input.email, name: input.name, role: "admin", passwordHash }, tx);
    await recordAudit({ actorId: user.id, actorLabel: user.email, action: "user.bootstrap", resourceType: "user", resourceId: user.id, after: user }, tx);
    return user;
  }, LOCKED_TX);
}

/** SWITCHYARD_ADMIN_EMAIL/PASSWORD: create that admin at start-up when missing; an existing account is left alone. */
export async function bootstrapAdminFromEnv(email: string | undefined, password: string | undefined): Promise<"created" | "exists" | "skipped"> {
  if (!email || !password) return "skipped";
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    const existing = await tx.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
    if (existing) return "exists" as const;
    const user = await createUser({ email, name: "Administrator", role: "admin", passwordHash }, tx);
    await recordAudit({ actorLabel: "system", action: "user.bootstrap", resourceType: "user", resourceId: user.id, after: user }, tx);
    return "created" as const;
  }, LOCKED_TX);
}
