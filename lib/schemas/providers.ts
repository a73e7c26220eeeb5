import { z } from "zod";
import { name } from "@/lib/schemas/common";

export const PROVIDER_KINDS = ["openai", "anthropic", "openai-compatible"] as const;
export type ProviderKindApi = (typeof PROVIDER_KINDS)[number];

const baseUrl = z.string().trim().min(1, "Required").max(2048);
const apiKey = z.string().trim().min(1, "Required").max(4096);
const timeoutMs = z.number().int().min(100, "At least 100 ms").max(600_000, "At most 10 minutes");

export const providerCreateInput = z
  .object({
    name: name(80),
    kind: z.enum(PROVIDER_KINDS),
    baseUrl,
    /** Write-only: encrypted at rest, never returned (only a hint such as "sk-…a1b2"). Optional for keyless in-house servers. */
    apiKey: apiKey.optional(),
    inHouse: z.boolean().default(false),
    enabled: z.boolean().default(true),
    connectTimeoutMs: timeoutMs.optional(),
    firstByteTimeoutMs: timeoutMs.optional(),
    idleTimeoutMs: timeoutMs.optional(),
  })
  .strict();
export type ProviderCreateInput = z.infer<typeof providerCreateInput>;

/** Changing baseUrl requires apiKey in the same request (a stored key is never sent to a new host). */
export const providerUpdateInput = z
  .object({
    name: name(80),
    kind: z.enum(PROVIDER_KINDS),
    baseUrl,
    apiKey,
    inHouse: z.boolean(),
    enabled: z.boolean(),
    connectTimeoutMs: timeoutMs,
    firstByteTimeoutMs: timeoutMs,
    idleTimeoutMs: timeoutMs,
  })
  .partial()
  .strict();
export type ProviderUpdateInput = z.infer<typeof providerUpdateInput>;

/** "Test connection" of settings not saved yet; with a provider id, missing fields come from the saved row. */
export const providerTestInput = z
  .object({ kind: z.enum(PROVIDER_KINDS), baseUrl, apiKey: apiKey.optional() })
  .partial()
  .strict();
export type ProviderTestInput = z.infer<typeof providerTestInput>;

export const providerOutput = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: z.string(),
  apiKeyHint: z.string().nullable(),
  hasApiKey: z.boolean(),
  inHouse: z.boolean(),
  enabled: z.boolean(),
  connectTimeoutMs: z.number(),
  firstByteTimeoutMs: z.number(),
  idleTimeoutMs: z.number(),
  modelCount: z.number(),
  /** Last 24 h from the hourly rollups: null when it served nothing. */
  health: z.object({ requests: z.number(), errors: z.number(), errorRate: z.number().nullable(), avgLatencyMs: z.number().nullable() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProviderOutput = z.infer<typeof providerOutput>;

export const providerTestOutput = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  status: z.number().nullable(),
  models: z.array(z.string()),
  /** A sentence an admin can act on, e.g. "The provider rejected the API key (HTTP 401)". */
  message: z.string(),
});
export type ProviderTestOutput = z.infer<typeof providerTestOutput>;
