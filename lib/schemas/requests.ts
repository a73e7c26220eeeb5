import { z } from "zod";
import { isoDate } from "@/lib/schemas/common";

export const requestListQuery = z.object({
  teamId: z.string().trim().max(64).optional(),
  model: z.string().trim().max(100).optional(),
  status: z.enum(["success", "error", "incomplete", "cancelled"]).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** "<createdAt ISO>|<id>" of the last row of the previous page. */
  cursor: z.string().max(120).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RequestListQuery = z.infer<typeof requestListQuery>;

export const requestRowOutput = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  teamId: z.string(),
  endpoint: z.string(),
  task: z.string(),
  requestedModel: z.string(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  inHouse: z.boolean(),
  status: z.string(),
  httpStatus: z.number(),
  stream: z.boolean(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  attempts: z.number(),
  fallback: z.boolean(),
  routeReason: z.string().nullable(),
});
export type RequestRowOutput = z.infer<typeof requestRowOutput>;

export const requestPageOutput = z.object({ data: z.array(requestRowOutput), nextCursor: z.string().nullable() });
