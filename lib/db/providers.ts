import { prisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";

// Provider rows without their key ciphertext, unless a function's name says otherwise.
const PUBLIC = {
  id: true,
  name: true,
  kind: true,
  baseUrl: true,
  apiKeyHint: true,
  inHouse: true,
  enabled: true,
  connectTimeoutMs: true,
  firstByteTimeoutMs: true,
  idleTimeoutMs: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { models: true } },
} as const satisfies Prisma.ProviderSelect;

export type ProviderRow = Prisma.ProviderGetPayload<{ select: typeof PUBLIC }> & { hasApiKey: boolean };

const withHasKey = async <T extends { id: string }>(rows: T[], db: Db): Promise<(T & { hasApiKey: boolean })[]> => {
  const keyed = await db.provider.findMany({ where: { id: { in: rows.map((r) => r.id) }, apiKeyCiphertext: { not: null } }, select: { id: true } });
  const set = new Set(keyed.map((k) => k.id));
  return rows.map((r) => ({ ...r, hasApiKey: set.has(r.id) }));
};

export async function listProviders(db: Db = prisma): Promise<ProviderRow[]> {
  return withHasKey(await db.provider.findMany({ select: PUBLIC, orderBy: { name: "asc" } }), db);
}

export async function findProvider(id: string, db: Db = prisma): Promise<ProviderRow | null> {
  const row = await db.provider.findUnique({ where: { id }, select: PUBLIC });
  return row ? (await withHasKey([row], db))[0]! : null;
}

/** Includes the sealed key: for "test connection" of a saved provider only. */
export function findProviderWithSecret(id: string, db: Db = prisma) {
  return db.provider.findUnique({ where: { id }, select: { id: true, kind: true, baseUrl: true, apiKeyCiphertext: true, keyVersion: true, connectTimeoutMs: true, firstByteTimeoutMs: true, idleTimeoutMs: true } });
}

export async function createProvider(data: Prisma.ProviderCreateInput, db: Db = prisma): Promise<ProviderRow> {
  const row = await db.provider.create({ data, select: PUBLIC });
  return { ...row, hasApiKey: data.apiKeyCiphertext != null };
}

export async function updateProvider(id: string, data: Prisma.ProviderUpdateInput, db: Db = prisma): Promise<ProviderRow> {
  const row = await db.provider.update({ where: { id }, data, select: PUBLIC });
  return (await withHasKey([row], db))[0]!;
}

export function deleteProvider(id: string, db: Db = prisma) {
  return db.provider.delete({ where: { id }, select: { id: true } });
}

export function providerModelNames(id: string, db: Db = prisma) {
  return db.model.findMany({ where: { providerId: id }, select: { name: true }, orderBy: { name: "asc" } });
}

/** Requests, errors and latency per provider over the last `hours` (live traffic, from the hourly rollups). */
export async function providerHealth(since: Date, db: Db = prisma): Promise<Map<string, { requests: number; errors: number; latencyMsSum: number }>> {
  const rows = await db.usageRollup.groupBy({
    by: ["providerName"],
    where: { bucket: { gte: since }, kind: "live" },
    _sum: { requests: true, errors: true, latencyMsSum: true },
  });
  return new Map(rows.map((r) => [r.providerName, { requests: r._sum.requests ?? 0, errors: r._sum.errors ?? 0, latencyMsSum: Number(r._sum.latencyMsSum ?? 0) }]));
}
