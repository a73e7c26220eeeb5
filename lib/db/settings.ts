import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";

export const ALLOWLIST_KEY = "security.upstreamAllowlist";

export async function getSetting<T>(key: string, db: Db = prisma): Promise<T | null> {
  const row = await db.setting.findUnique({ where: { key }, select: { value: true } });
  return (row?.value as T | undefined) ?? null;
}

export async function putSetting(key: string, value: Prisma.InputJsonValue, db: Db = prisma): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

export async function readUpstreamAllowlistSetting(db: Db = prisma): Promise<string[]> {
  const v = await getSetting<unknown>(ALLOWLIST_KEY, db);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
