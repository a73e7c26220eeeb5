import { z } from "zod";
import { isoDate } from "@/lib/schemas/common";

export const accuracyQuery = z.object({
  teamId: z.string().trim().max(64).optional(),
  task: z.string().trim().max(40).optional(),
  model: z.string().trim().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  source: z.enum(["feedback", "grader", "eval_set", "shadow"]).optional(),
  /** Adds a time series per (team, task, model): one point per UTC day or week. */
  interval: z.enum(["day", "week"]).optional(),
});
export type AccuracyQuery = z.infer<typeof accuracyQuery>;

const point = {
  teamId: z.string(),
  task: z.string(),
  model: z.string(),
  n: z.number(),
  /** Mean score of graded requests in the window (scores are 0..1). */
  accuracy: z.number(),
  /** 95% Wilson interval. */
  ciLow: z.number(),
  ciHigh: z.number(),
};

export const accuracyOutput = z.object({
  rows: z.array(z.object({ ...point, avgLatencyMs: z.number().nullable(), avgCostUsd: z.number().nullable() })),
  /** Only days/weeks with graded requests: a missing bucket is a gap, never a zero. */
  series: z.array(z.object({ bucket: z.iso.datetime(), ...point })).optional(),
});
export type AccuracyOutput = z.infer<typeof accuracyOutput>;
