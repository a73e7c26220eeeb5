import { prisma, type Db } from "@/lib/db/client";

// Everything the gateway caches, read in one go (a few small tables). This is the one place that selects the
// provider key ciphertext for the data plane: it is decrypted in memory and never leaves the process.

export async function readConfigVersion(db: Db = prisma): Promise<bigint> {
  const row = await db.configVersion.findUnique({ where: { id: 1 }, select: { version: true } });
  return row?.version ?? 0n;
}

export async function loadGatewayConfigWithSecrets(db: Db = prisma) {
  const [version, keys, teams, providers, models, settings, shadows, graders] = await Promise.all([
    readConfigVersion(db),
    db.apiKey.findMany({ select: { id: true, teamId: true, keyHash: true, expiresAt: true, revokedAt: true, monthlyBudgetUsd: true } }),
    db.team.findMany({
      where: { archivedAt: null },
      select: {
        id: true,
        slug: true,
        name: true,
        storeBodies: true,
        monthlyBudgetUsd: true,
        allowedModels: { select: { modelId: true } },
        routingPolicy: {
          select: {
            tasks: true,
            qualityTolerance: true,
            rules: { select: { task: true, targets: { select: { modelId: true, weight: true, position: true }, orderBy: { position: "asc" } } } },
          },
        },
      },
    }),
    db.provider.findMany({
      select: {
        id: true,
        name: true,
        kind: true,
        baseUrl: true,
        apiKeyCiphertext: true,
        keyVersion: true,
        inHouse: true,
        enabled: true,
        connectTimeoutMs: true,
        firstByteTimeoutMs: true,
        idleTimeoutMs: true,
      },
    }),
    db.model.findMany({
      select: {
        id: true,
        name: true,
        aliases: true,
        providerId: true,
        upstreamModel: true,
        enabled: true,
        contextWindow: true,
        maxOutputTokens: true,
        prices: { select: { inputPerMTokUsd: true, outputPerMTokUsd: true, effectiveFrom: true }, orderBy: { effectiveFrom: "desc" } },
      },
    }),
    db.setting.findMany({ where: { key: { in: ["security.upstreamAllowlist", "accuracy.judgeModel"] } }, select: { key: true, value: true } }),
    db.shadowConfig.findMany({ where: { enabled: true }, select: { teamId: true, task: true, candidateModel: true, sampleRate: true, pairwise: true } }),
    db.graderConfig.findMany({
      where: { enabled: true, team: { archivedAt: null } },
      select: { id: true, teamId: true, name: true, task: true, kind: true, definition: true, sampleRate: true, version: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return { version, keys, teams, providers, models, settings, shadows, graders };
}

/** The same rows with every provider key left out: for admin-side previews of routing ("try it"). */
export async function loadGatewayConfigWithoutSecrets(db: Db = prisma): Promise<GatewayConfigRows> {
  const rows = await loadGatewayConfigWithSecrets(db);
  return { ...rows, providers: rows.providers.map((p) => ({ ...p, apiKeyCiphertext: null })) };
}

export type GatewayConfigRows = Awaited<ReturnType<typeof loadGatewayConfigWithSecrets>>;

export async function touchKeysLastUsed(ids: string[], at: Date, db: Db = prisma): Promise<void> {
  if (ids.length === 0) return;
  await db.apiKey.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: at } });
}
