import { prisma, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/permissions";

const PUBLIC_USER = { id: true, email: true, name: true, role: true, disabledAt: true, lastLoginAt: true, createdAt: true } as const;

export function findUserByEmailWithPassword(email: string, db: Db = prisma) {
  return db.user.findUnique({ where: { email: email.toLowerCase() }, select: { ...PUBLIC_USER, passwordHash: true } });
}

export async function findActorById(id: string, db: Db = prisma) {
  const user = await db.user.findUnique({
    where: { id },
    select: { ...PUBLIC_USER, memberships: { select: { teamId: true, role: true } } },
  });
  if (!user || user.disabledAt) return null;
  return user;
}

/** Admins ever created, disabled ones included: disabling every admin must not reopen the first-admin setup. */
export function countAdmins(db: Db = prisma) {
  return db.user.count({ where: { role: "admin" } });
}

export function createUser(data: { email: string; name?: string | null; role: Role; passwordHash?: string | null }, db: Db = prisma) {
  return db.user.create({
    data: { email: data.email.toLowerCase(), name: data.name ?? null, role: data.role, passwordHash: data.passwordHash ?? null },
    select: PUBLIC_USER,
  });
}

export function touchLastLogin(id: string, db: Db = prisma) {
  return db.user.update({ where: { id }, data: { lastLoginAt: new Date() }, select: { id: true } });
}

export function listUsers(db: Db = prisma) {
  return db.user.findMany({ select: PUBLIC_USER, orderBy: { createdAt: "asc" } });
}
