import { z } from "zod";
import { isoDate } from "@/lib/schemas/common";

// Spend and statements, read from the hourly usage rollups (live traffic only). Money is a decimal string with
// exactly 9 decimals (nano-dollars, as stored in NUMERIC(18,9)): sums are exact in SQL and stay exact in JSON
// and CSV, so request rows, rollups, API, statement and CSV agree to the last digit. Parse with Number() only
// to display or chart. Buckets and months are UTC.

export const SPEND_GROUPS = ["team", "model", "provider", "task"] as const;
export type SpendGroup = (typeof SPEND_GROUPS)[number];
export const SPEND_INTERVALS = ["hour", "day", "month"] as const;
export type SpendInterval = (typeof SPEND_INTERVALS)[number];

/** An optional filter: an empty value (`?team=`) means no filter. */
const filter = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v ? v : undefined))
    .optional();

/** "123.456789000": dollars, exactly 9 decimals. */
export const usdDecimal = z.string().regex(/^-?\d+\.\d{9}$/).describe("USD as a decimal string with 9 decimals (exact)");

const dimensions = {
  teamId: filter(64),
  model: filter(200),
  provider: filter(200),
  task: filter(40),
};

export const spendQuery = z.object({
  from: isoDate.optional().describe("Start (inclusive), rounded down to the hour; default: `to` minus 7 days"),
  to: isoDate.optional().describe("End (exclusive), rounded up to the hour; default: now"),
  groupBy: z.enum(SPEND_GROUPS).default("team"),
  interval: z.enum(SPEND_INTERVALS).default("day"),
  ...dimensions,
});
export type SpendQuery = z.infer<typeof spendQuery>;

export const spendSummaryQuery = z.object({
  from: isoDate.optional().describe("Start (inclusive), rounded down to the hour; default: `to` minus 7 days"),
  to: isoDate.optional().describe("End (exclusive), rounded up to the hour; default: now"),
  ...dimensions,
});
export type SpendSummaryQuery = z.infer<typeof spendSummaryQuery>;

const usage = {
  requests: z.number().int(),
  errors: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: usdDecimal,
};
export const spendTotals = z.object(usage);
export type SpendTotals = z.infer<typeof spendTotals>;

export const spendRow = z.object({
  bucket: z.iso.datetime().describe("Start of the UTC hour, day or month"),
  key: z.string().describe("Team id, model name, provider name or task; \"\" when the request never reached a model"),
  label: z.string(),
  ...usage,
});
export type SpendRow = z.infer<typeof spendRow>;

export const spendOutput = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  interval: z.enum(SPEND_INTERVALS),
  groupBy: z.enum(SPEND_GROUPS),
  rows: z.array(spendRow),
  totals: spendTotals,
});
export type SpendOutput = z.infer<typeof spendOutput>;

export const spendGroupTotal = z.object({
  key: z.string(),
  label: z.string(),
  ...usage,
  avgLatencyMs: z.number().nullable(),
  inHouse: z.boolean().optional(),
  provider: z.string().optional(),
  costCenter: z.string().nullable().optional(),
});
export type SpendGroupTotal = z.infer<typeof spendGroupTotal>;

export const spendSummaryOutput = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  totals: spendTotals,
  inHouse: spendTotals,
  external: spendTotals,
  /** Fractions in [0, 1] of cost and of requests served in-house; null when there was nothing to share. */
  inHouseShare: z.object({ costUsd: z.number().nullable(), requests: z.number().nullable() }),
  /** Every team, model, provider and task with traffic in the range, by cost (highest first). */
  teams: z.array(spendGroupTotal),
  models: z.array(spendGroupTotal),
  providers: z.array(spendGroupTotal),
  tasks: z.array(spendGroupTotal),
});
export type SpendSummaryOutput = z.infer<typeof spendSummaryOutput>;

// ───────────── monthly statement ─────────────

export const statementQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM")
    .optional()
    .describe("Billing month, UTC; default: the current month"),
  teamId: filter(64),
  costCenter: filter(64),
  format: z.enum(["json", "csv"]).default("json"),
});
export type StatementQuery = z.infer<typeof statementQuery>;

export const statementUsage = z.object({ requests: z.number().int(), inputTokens: z.number().int(), outputTokens: z.number().int(), costUsd: usdDecimal });
export type StatementUsage = z.infer<typeof statementUsage>;

export const statementTotals = statementUsage.extend({
  inHouse: statementUsage,
  external: statementUsage,
  realizedSavingsUsd: usdDecimal.describe("Sum of swap_proposals.realized_savings_usd of the team's completed swaps (0 until swaps exist)"),
});
export type StatementTotals = z.infer<typeof statementTotals>;

export const statementLine = statementUsage.extend({ provider: z.string(), model: z.string(), task: z.string(), inHouse: z.boolean() });
export type StatementLine = z.infer<typeof statementLine>;

export const statementTeam = z.object({
  teamId: z.string(),
  team: z.string(),
  slug: z.string().nullable(),
  costCenter: z.string().nullable(),
  totals: statementTotals,
  models: z.array(statementUsage.extend({ model: z.string(), provider: z.string(), inHouse: z.boolean() })),
  providers: z.array(statementUsage.extend({ provider: z.string(), inHouse: z.boolean() })),
  lines: z.array(statementLine),
});
export type StatementTeam = z.infer<typeof statementTeam>;

export const statementOutput = z.object({
  billingPeriod: z.string().describe("YYYY-MM"),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  generatedAt: z.iso.datetime(),
  filters: z.object({ teamId: z.string().nullable(), costCenter: z.string().nullable() }),
  totals: statementTotals,
  costCenters: z.array(z.object({ costCenter: z.string().nullable(), teams: z.array(z.string()), totals: statementTotals })),
  teams: z.array(statementTeam),
});
export type StatementOutput = z.infer<typeof statementOutput>;

/** The statement CSV's columns, in order (documented in docs/spend.md; never reorder, only append). */
export const STATEMENT_CSV_COLUMNS = ["BillingPeriod", "CostCenter", "Team", "Provider", "Model", "Task", "Requests", "InputTokens", "OutputTokens", "CostUSD"] as const;
