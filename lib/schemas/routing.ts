import { z } from "zod";
import { task } from "@/lib/schemas/common";

const modelRef = z.string().trim().min(1, "Required").max(100);

export const routingRuleInput = z
  .object({
    task,
    /** Public names or aliases, primary first, then fallbacks. */
    models: z.array(modelRef).min(1, "Add at least one model").max(10),
    /** Optional traffic split among the models (same length; 0 = fallback only). */
    weights: z.array(z.number().min(0).max(1000)).optional(),
  })
  .strict()
  .refine((r) => !r.weights || r.weights.length === r.models.length, { message: "Give one weight per model", path: ["weights"] })
  .refine((r) => new Set(r.models.map((m) => m.toLowerCase())).size === r.models.length, { message: "A model appears twice", path: ["models"] });

export const routingPolicyInput = z
  .object({
    rules: z
      .array(routingRuleInput)
      .max(50)
      .refine((rules) => new Set(rules.map((r) => r.task)).size === rules.length, "Each task may have one rule"),
    defaultModels: z.array(modelRef).max(10),
    /** Admin only: restrict the team to these models (empty = every enabled model). */
    allowedModels: z.array(modelRef).max(200).optional(),
    /** The team's task taxonomy (classifier labels). */
    tasks: z.array(task).min(1).max(30).optional(),
    qualityTolerance: z.number().min(0).max(1).optional(),
  })
  .strict();
export type RoutingPolicyInput = z.infer<typeof routingPolicyInput>;

export const routingPolicyOutput = z.object({
  teamId: z.string(),
  version: z.number(),
  tasks: z.array(z.string()),
  qualityTolerance: z.number(),
  rules: z.array(z.object({ task: z.string(), models: z.array(z.string()), weights: z.array(z.number()).optional() })),
  defaultModels: z.array(z.string()),
  allowedModels: z.array(z.string()),
  updatedAt: z.iso.datetime().nullable(),
});
export type RoutingPolicyOutput = z.infer<typeof routingPolicyOutput>;

export const routeTryInput = z
  .object({
    prompt: z.string().max(100_000),
    task: z.string().trim().max(40).optional(),
    model: z.string().trim().max(100).default("auto"),
  })
  .strict();
export type RouteTryInput = z.infer<typeof routeTryInput>;

export const routeTryOutput = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    task: z.string(),
    taskSource: z.enum(["header", "metadata", "classifier"]),
    reason: z.string(),
    chain: z.array(z.object({ name: z.string(), provider: z.string(), inHouse: z.boolean() })),
  }),
  z.object({ ok: z.literal(false), status: z.number(), code: z.string(), message: z.string() }),
]);
export type RouteTryOutput = z.infer<typeof routeTryOutput>;
