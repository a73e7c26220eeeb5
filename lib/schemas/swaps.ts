import { z } from "zod";
import { task } from "@/lib/schemas/common";

export const SWAP_STATUSES = ["proposed", "approved", "canary", "completed", "rejected", "rolled_back"] as const;

export const swapListQuery = z.object({ teamId: z.string().trim().max(64).optional(), status: z.enum(SWAP_STATUSES).optional() });

const arm = z.object({ model: z.string(), n: z.number(), accuracy: z.number(), ciLow: z.number(), ciHigh: z.number() });

export const swapEvidence = z.object({
  n: z.number(),
  margin: z.number(),
  minSamples: z.number(),
  decision: z.string(),
  diff: z.number(),
  diffLow: z.number(),
  diffHigh: z.number(),
  incumbent: arm,
  candidate: arm,
  examples: z.array(z.object({ requestId: z.string(), incumbentScore: z.number(), candidateScore: z.number(), candidateAnswer: z.string().nullable() })),
  latency: z.object({ incumbentMs: z.number().nullable(), candidateMs: z.number().nullable() }),
  prices: z.object({ incumbent: z.object({ input: z.number(), output: z.number() }), candidate: z.object({ input: z.number(), output: z.number() }) }),
  traffic30d: z.object({ requests: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
  /** Direct comparisons by the judge on the same requests (shadow configurations with `pairwise`): extra evidence
   * shown beside the paired test, never part of it. candidateShare = (wins + ties / 2) / n, with its 95% interval. */
  pairwise: z
    .object({ n: z.number(), candidateWins: z.number(), ties: z.number(), incumbentWins: z.number(), candidateShare: z.number(), ciLow: z.number(), ciHigh: z.number() })
    .nullable()
    .optional(),
  generatedAt: z.string(),
});
export type SwapEvidence = z.infer<typeof swapEvidence>;

export const swapOutput = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  task: z.string(),
  fromModel: z.string(),
  toModel: z.string(),
  status: z.enum(SWAP_STATUSES),
  evidence: z.unknown(),
  projectedMonthlySavingsUsd: z.number(),
  realizedSavingsUsd: z.number(),
  canarySteps: z.array(z.number()),
  canaryStepIndex: z.number(),
  /** The share of the task's traffic the candidate gets now (0 before the canary, 100 once completed). */
  currentPercent: z.number(),
  needsFinanceCosign: z.boolean(),
  approvedBy: z.string().nullable(),
  financeApprovedBy: z.string().nullable(),
  decidedReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  events: z.array(z.object({ fromStatus: z.string().nullable(), toStatus: z.string(), actor: z.string(), note: z.string().nullable(), createdAt: z.iso.datetime() })).optional(),
});
export type SwapOutput = z.infer<typeof swapOutput>;

export const swapDecisionInput = z.object({ reason: z.string().trim().max(1000).optional() }).strict();

export const shadowConfigInput = z
  .object({
    configs: z
      .array(
        z
          .object({
            task,
            candidateModel: z.string().trim().min(1).max(100),
            sampleRate: z.number().min(0).max(1),
            enabled: z.boolean().default(true),
            /** Also have the judge compare the two answers directly (both orders): extra evidence, twice the judge calls. */
            pairwise: z.boolean().default(false),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();
export const shadowConfigOutput = z.object({ configs: z.array(z.object({ task: z.string(), candidateModel: z.string(), sampleRate: z.number(), enabled: z.boolean(), pairwise: z.boolean() })) });

export const swapPolicy = z
  .object({
    /** Non-inferiority margin in accuracy points (0.02 = 2 points). */
    margin: z.number().min(0).max(0.5),
    minSamples: z.number().int().min(10).max(1_000_000),
    minSamplesPerStep: z.number().int().min(1).max(100_000),
    canarySteps: z.array(z.number().int().min(1).max(100)).min(1).max(10),
    /** Projected monthly savings above which finance must co-sign. */
    cosignAboveUsd: z.number().min(0),
    /** Roll back when the candidate's live error rate exceeds this. */
    maxErrorRate: z.number().min(0).max(1),
  })
  .strict();
export type SwapPolicy = z.infer<typeof swapPolicy>;
export const DEFAULT_SWAP_POLICY: SwapPolicy = { margin: 0.02, minSamples: 100, minSamplesPerStep: 30, canarySteps: [5, 25, 50, 100], cosignAboveUsd: 1000, maxErrorRate: 0.1 };
