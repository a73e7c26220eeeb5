import crypto from "node:crypto";
import { open, type Keyring } from "@/lib/crypto/secret-box";
import type { GatewayConfigRows } from "@/lib/db/gateway-config";
import { buildGraderIndex, type GraderIndex } from "@/lib/gateway/grader-index";
import type { Catalog, CatalogModel, ProviderKind, RuleTarget, TeamPolicy } from "@/lib/router/types";

// The gateway's whole world, immutable, rebuilt when the config version changes. Lookups are Map.get()s.

export type ProviderRuntime = {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string | null; // decrypted; in memory only
  inHouse: boolean;
  enabled: boolean;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
};

export type TeamRuntime = {
  id: string;
  slug: string;
  name: string;
  storeBodies: boolean;
  monthlyBudgetUsd: number | null;
  policy: TeamPolicy;
};

export type KeyRuntime = { id: string; teamId: string; expiresAtMs: number | null; revoked: boolean; monthlyBudgetUsd: number | null };

/** Prices in integer micro-USD per million tokens, newest first. */
export type PriceRuntime = { fromMs: number; inMicro: number; outMicro: number };

export type Snapshot = {
  version: bigint;
  loadedAtMs: number;
  keys: ReadonlyMap<string, KeyRuntime>;
  teams: ReadonlyMap<string, TeamRuntime>;
  catalog: Catalog;
  providers: ReadonlyMap<string, ProviderRuntime>;
  prices: ReadonlyMap<string, readonly PriceRuntime[]>;
  upstreamAllowlist: readonly string[];
  /** teamId -> task -> shadow evaluations to mirror (candidate model names with sample rates). */
  shadows: ReadonlyMap<string, ReadonlyMap<string, readonly { candidateModel: string; sampleRate: number; pairwise?: boolean }[]>>;
  /** teamId -> task (or "*") -> graders run on a sample of live answers (lib/gateway/live-grading.ts). */
  graders?: GraderIndex;
  /** The model LLM-as-judge grading goes to (a public name), if an admin set one. */
  judgeModel: string | null;
};

export const DEFAULT_TASKS = ["code", "math", "reasoning", "planning", "writing", "extraction", "chat", "other"];

export function hashApiKey(key: string): string {
  // one-shot (Node >= 20.12): a quarter of createHash().update().digest()'s cost, on every request
  return crypto.hash("sha256", key, "hex");
}

const micro = (d: { toString(): string }) => Math.round(Number(d.toString()) * 1e6);

export function buildSnapshot(rows: GatewayConfigRows, ring: Keyring | null, nowMs: number, warn: (msg: string) => void = () => {}): Snapshot {
  const keys = new Map<string, KeyRuntime>();
  for (const k of rows.keys) {
    keys.set(k.keyHash, { id: k.id, teamId: k.teamId, expiresAtMs: k.expiresAt?.getTime() ?? null, revoked: k.revokedAt !== null, monthlyBudgetUsd: k.monthlyBudgetUsd === null ? null : Number(k.monthlyBudgetUsd) });
  }

  const byId = new Map<string, CatalogModel>();
  const byName = new Map<string, string>();
  const prices = new Map<string, PriceRuntime[]>();
  for (const m of rows.models) {
    byId.set(m.id, {
      id: m.id,
      name: m.name,
      aliases: m.aliases,
      providerId: m.providerId,
      upstreamModel: m.upstreamModel,
      inHouse: false, // set from the provider below
      enabled: m.enabled,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
    });
    prices.set(
      m.id,
      m.prices.map((p) => ({ fromMs: p.effectiveFrom.getTime(), inMicro: micro(p.inputPerMTokUsd), outMicro: micro(p.outputPerMTokUsd) })),
    );
  }
  // Public names win over aliases when they collide.
  for (const m of byId.values()) for (const a of m.aliases) if (!byName.has(a.toLowerCase())) byName.set(a.toLowerCase(), m.id);
  for (const m of byId.values()) byName.set(m.name.toLowerCase(), m.id);

  const providers = new Map<string, ProviderRuntime>();
  for (const p of rows.providers) {
    let apiKey: string | null = null;
    if (p.apiKeyCiphertext && ring) {
      try {
        apiKey = open(p.apiKeyCiphertext, p.keyVersion, ring);
      } catch {
        warn(`provider "${p.name}": its API key cannot be decrypted with SWITCHYARD_SECRET_KEY (key version ${p.keyVersion})`);
      }
    }
    providers.set(p.id, { ...p, kind: p.kind as ProviderKind, apiKey, apiKeyCiphertext: undefined } as ProviderRuntime);
  }
  for (const m of byId.values()) {
    const p = providers.get(m.providerId);
    m.inHouse = p?.inHouse ?? false;
    if (!p?.enabled) m.enabled = false;
  }

  const teams = new Map<string, TeamRuntime>();
  for (const t of rows.teams) {
    const rules = new Map<string, RuleTarget[]>();
    let defaults: RuleTarget[] = [];
    for (const r of t.routingPolicy?.rules ?? []) {
      const targets = r.targets.map((x) => ({ modelId: x.modelId, weight: x.weight }));
      if (r.task === "*") defaults = targets;
      else rules.set(r.task, targets);
    }
    teams.set(t.id, {
      id: t.id,
      slug: t.slug,
      name: t.name,
      storeBodies: t.storeBodies,
      monthlyBudgetUsd: t.monthlyBudgetUsd === null ? null : Number(t.monthlyBudgetUsd),
      policy: {
        teamId: t.id,
        tasks: t.routingPolicy?.tasks ?? DEFAULT_TASKS,
        rules,
        defaults,
        allowed: t.allowedModels.length ? new Set(t.allowedModels.map((a) => a.modelId)) : null,
        qualityTolerance: t.routingPolicy?.qualityTolerance ?? 0.02,
      },
    });
  }

  const shadows = new Map<string, Map<string, { candidateModel: string; sampleRate: number; pairwise: boolean }[]>>();
  for (const sc of rows.shadows ?? []) {
    const byTask = shadows.get(sc.teamId) ?? new Map<string, { candidateModel: string; sampleRate: number; pairwise: boolean }[]>();
    byTask.set(sc.task, [...(byTask.get(sc.task) ?? []), { candidateModel: sc.candidateModel, sampleRate: sc.sampleRate, pairwise: sc.pairwise ?? false }]);
    shadows.set(sc.teamId, byTask);
  }
  const judge = rows.settings.find((s) => s.key === "accuracy.judgeModel")?.value;
  const allow = rows.settings.find((s) => s.key === "security.upstreamAllowlist")?.value;
  return {
    version: rows.version,
    loadedAtMs: nowMs,
    keys,
    teams,
    catalog: { byId, byName },
    providers,
    prices,
    upstreamAllowlist: Array.isArray(allow) ? allow.filter((x): x is string => typeof x === "string") : [],
    shadows,
    graders: buildGraderIndex(rows.graders ?? [], warn),
    judgeModel: typeof judge === "string" && judge ? judge : null,
  };
}

/** The price version in effect at `atMs` (prices are newest first). */
export function priceAt(prices: readonly PriceRuntime[] | undefined, atMs: number): PriceRuntime | null {
  if (!prices) return null;
  for (const p of prices) if (p.fromMs <= atMs) return p;
  return null;
}
