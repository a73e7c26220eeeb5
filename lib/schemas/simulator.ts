import { z } from "zod";
import { isoDate, task } from "@/lib/schemas/common";

// The what-if simulator (GET /api/v1/teams/{teamId}/routing-policy/simulate): logged prompts that two models both
// answered and that were graded, replayed under a router and under the team's "auto" tolerance. Read-only.

export const SIMULATOR_MAX_TOLERANCE = 0.2;

export const simulateQuery = z.object({
  task: task.optional(),
  /** Defaults: the most expensive and the cheapest model that have pairs with each other. */
  strong: z.string().trim().min(1).max(100).optional(),
  weak: z.string().trim().min(1).max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** The "auto" policy's quality tolerance to place on the curve; default: the team's current one. */
  tolerance: z.coerce.number().min(0).max(SIMULATOR_MAX_TOLERANCE).optional(),
});
export type SimulateQuery = z.infer<typeof simulateQuery>;

const n = z.number().nullable();

/** RouteLLM's metrics (10 quantile bins, as `npm run router:eval`) and RouterBench's AIQ, on the held-out pairs. */
const metricSet = z.object({ apgr: n, cpt50: n, cpt80: n, aiq: n });

export const simulateOutput = z.object({
  teamId: z.string(),
  task: z.string().nullable(),
  from: z.iso.datetime().nullable(),
  to: z.iso.datetime().nullable(),
  /** Tasks with paired evidence in the range (any two models), for choosing one. */
  tasks: z.array(z.object({ task: z.string(), pairs: z.number().int() })),
  /** Model pairs with evidence (strong = the dearer of the two by blended price), most pairs first. */
  available: z.array(z.object({ strong: z.string(), weak: z.string(), pairs: z.number().int() })),
  /** Every model in a pair, with its current price per million tokens (null: no price on record). */
  models: z.array(z.object({ name: z.string(), inputPerMTok: n, outputPerMTok: n })),
  strong: z.string().nullable(),
  weak: z.string().nullable(),
  pairs: z.number().int(),
  trainPairs: z.number().int(),
  testPairs: z.number().int(),
  sources: z.object({ shadow: z.number().int(), evalSet: z.number().int() }),
  /** false: too few pairs for a held-out measurement; metrics, curve, costs and policy are then empty. */
  enough: z.boolean(),
  /** "predictor": the quality predictor trained on the train pairs; "task-prior": per-task mean scores of the train
   * pairs (fewer than 40 pairs). */
  method: z.enum(["predictor", "task-prior"]).nullable(),
  /** Where the numbers come from and what they cannot say, in plain sentences. */
  notes: z.array(z.string()),
  metrics: metricSet.extend({ n: z.number().int(), strongQuality: z.number(), weakQuality: z.number() }).nullable(),
  /** The random router on the same pairs and sweep (20 seeded orderings). */
  random: metricSet.nullable(),
  /** The router's exact sweep on the held-out pairs: share sent to the strong model, mean quality, cost. */
  curve: z.array(z.object({ strongFraction: z.number(), quality: z.number(), pgr: n, cost: n })),
  cost: z
    .object({
      /** logged_tokens: each pair's logged tokens at current prices, per request; blended_price: (input + output) / 2
       * per million tokens, as the gateway ranks models (the pairs have no logged tokens). */
      basis: z.enum(["logged_tokens", "blended_price"]),
      unit: z.enum(["usd_per_request", "usd_per_mtok"]),
      allStrong: z.number(),
      allWeak: z.number(),
      /** What the team actually paid per request for the live requests among these pairs (shadow evidence only). */
      actual: n,
      actualRequests: z.number().int(),
    })
    .nullable(),
  policy: z
    .object({
      tolerance: z.number(),
      /** The team's current "auto" tolerance. */
      teamTolerance: z.number(),
      weakShare: z.number(),
      quality: z.number(),
      pgr: n,
      cost: n,
      /** 1 - cost / all-strong cost */
      savingVsStrong: n,
      byTask: z.array(z.object({ task: z.string(), pairs: z.number().int(), weakShare: z.number(), quality: z.number() })),
    })
    .nullable(),
});
export type SimulateOutput = z.infer<typeof simulateOutput>;
