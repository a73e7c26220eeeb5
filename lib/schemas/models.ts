import { z } from "zod";
import { id, isoDate, name, usd } from "@/lib/schemas/common";

const modelName = z
  .string()
  .trim()
  .min(1, "Required")
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, "Letters, digits and . _ : / @ - only, starting with a letter or digit")
  .refine((v) => v.toLowerCase() !== "auto", '"auto" is reserved for automatic routing');
const aliases = z.array(modelName).max(20).refine((a) => new Set(a.map((x) => x.toLowerCase())).size === a.length, "Aliases must be unique");
const tokens = z.number().int().min(1).max(10_000_000);

export const modelCreateInput = z
  .object({
    providerId: id,
    name: modelName,
    upstreamModel: name(200),
    inputPricePerMTok: usd,
    outputPricePerMTok: usd,
    aliases: aliases.optional(),
    contextWindow: tokens.optional(),
    maxOutputTokens: tokens.optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type ModelCreateInput = z.infer<typeof modelCreateInput>;

/** Prices are not edited in place: send them here (or to /prices) and a new price version starts now. */
export const modelUpdateInput = z
  .object({
    name: modelName,
    upstreamModel: name(200),
    aliases,
    contextWindow: tokens.nullable(),
    maxOutputTokens: tokens.nullable(),
    enabled: z.boolean(),
    inputPricePerMTok: usd,
    outputPricePerMTok: usd,
  })
  .partial()
  .strict()
  .refine((v) => (v.inputPricePerMTok === undefined) === (v.outputPricePerMTok === undefined), {
    message: "Send both inputPricePerMTok and outputPricePerMTok to change the price",
    path: ["outputPricePerMTok"],
  });
export type ModelUpdateInput = z.infer<typeof modelUpdateInput>;

export const modelPriceInput = z
  .object({ inputPricePerMTok: usd, outputPricePerMTok: usd, effectiveFrom: isoDate.optional() })
  .strict();
export type ModelPriceInput = z.infer<typeof modelPriceInput>;

export const modelPriceOutput = z.object({ inputPricePerMTok: z.number(), outputPricePerMTok: z.number(), effectiveFrom: z.iso.datetime() });

export const modelOutput = z.object({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  inHouse: z.boolean(),
  name: z.string(),
  upstreamModel: z.string(),
  aliases: z.array(z.string()),
  contextWindow: z.number().nullable(),
  maxOutputTokens: z.number().nullable(),
  enabled: z.boolean(),
  /** The price in effect now (null if every price starts in the future). */
  inputPricePerMTok: z.number().nullable(),
  outputPricePerMTok: z.number().nullable(),
  /** Newest first; finance needs past prices. */
  prices: z.array(modelPriceOutput),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ModelOutput = z.infer<typeof modelOutput>;

export const modelListQuery = z.object({ providerId: id.optional() });
