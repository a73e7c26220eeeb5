import { z } from "zod";
import { id, isoDate, name, slug, usd } from "@/lib/schemas/common";

const costCenter = z.string().trim().max(64);
const thresholds = z
  .array(z.number().int().min(1).max(1000))
  .max(10)
  .refine((a) => new Set(a).size === a.length, "Thresholds must be unique");

/** Budget alerts are POSTed here as JSON (checked like provider URLs: no private hosts unless allowlisted). */
const webhookUrl = z.string().trim().max(2048).regex(/^https?:\/\//, "Must start with http:// or https://");

export const teamCreateInput = z
  .object({
    name: name(120),
    slug,
    costCenter: costCenter.optional(),
    monthlyBudgetUsd: usd.nullable().optional(),
    budgetAlertThresholds: thresholds.optional(),
    budgetWebhookUrl: webhookUrl.nullable().optional(),
    storeBodies: z.boolean().optional(),
  })
  .strict();
export type TeamCreateInput = z.infer<typeof teamCreateInput>;

export const teamUpdateInput = z
  .object({
    name: name(120),
    costCenter: costCenter.nullable(),
    monthlyBudgetUsd: usd.nullable(),
    budgetAlertThresholds: thresholds,
    budgetWebhookUrl: webhookUrl.nullable(),
    storeBodies: z.boolean(),
  })
  .partial()
  .strict();
export type TeamUpdateInput = z.infer<typeof teamUpdateInput>;

export const TEAM_ROLES = ["team_lead", "viewer"] as const;

export const teamMemberInput = z.object({ email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")), role: z.enum(TEAM_ROLES) }).strict();
export type TeamMemberInput = z.infer<typeof teamMemberInput>;

export const teamMemberOutput = z.object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: z.enum(TEAM_ROLES), addedAt: z.iso.datetime() });

export const teamOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  costCenter: z.string().nullable(),
  monthlyBudgetUsd: z.number().nullable(),
  budgetAlertThresholds: z.array(z.number()),
  budgetWebhookUrl: z.string().nullable(),
  storeBodies: z.boolean(),
  archivedAt: z.iso.datetime().nullable(),
  memberCount: z.number(),
  activeKeyCount: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TeamOutput = z.infer<typeof teamOutput>;

export const teamListQuery = z.object({ archived: z.enum(["true", "false"]).optional() });

// ───────────── API keys ─────────────

export const apiKeyCreateInput = z
  .object({
    name: name(80),
    expiresAt: isoDate.refine((d) => d.getTime() > Date.now(), "Must be in the future").optional(),
    monthlyBudgetUsd: usd.optional(),
  })
  .strict();
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateInput>;

export const apiKeyOutput = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  prefix: z.string(),
  monthlyBudgetUsd: z.number().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type ApiKeyOutput = z.infer<typeof apiKeyOutput>;

/** The only response that ever carries the full key. */
export const apiKeyCreatedOutput = apiKeyOutput.extend({ key: z.string() });

export const teamIdParam = z.object({ teamId: id });

export const teamBudgetOutput = z.object({
  teamId: z.string(),
  periodStart: z.string(),
  limitUsd: z.number().nullable(),
  spentUsd: z.number(),
  /** Headroom held by running instances for requests in flight or not yet logged. */
  reservedUsd: z.number(),
  percent: z.number().nullable(),
  thresholds: z.array(z.number()),
  events: z.array(z.object({ kind: z.enum(["threshold", "blocked"]), thresholdPct: z.number(), spentUsd: z.number(), limitUsd: z.number(), createdAt: z.iso.datetime(), webhookSentAt: z.iso.datetime().nullable() })),
  keys: z.array(z.object({ keyId: z.string(), name: z.string(), limitUsd: z.number(), spentUsd: z.number() })),
});
export type TeamBudgetOutput = z.infer<typeof teamBudgetOutput>;
