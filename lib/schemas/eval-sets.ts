import { z } from "zod";
import { GRADERS } from "@/lib/accuracy/graders";
import { name, task } from "@/lib/schemas/common";

export const EVAL_GRADERS = [...GRADERS, "judge"] as const;
export const BUILT_IN_SETS = ["routellm-mt-bench", "routellm-mmlu"] as const;

export const evalSetCreateInput = z
  .object({
    name: name(120),
    /** null/absent = shared by every team (admins only). */
    teamId: z.string().trim().max(64).nullable().optional(),
    format: z.enum(["jsonl", "csv"]),
    /** JSONL: one {prompt, reference?, task?, grader?} per line. CSV: a header row with prompt[,reference][,task][,grader]. */
    content: z.string().min(1, "The file is empty").max(5_000_000, "At most 5 MB"),
    defaultTask: task.default("other"),
    defaultGrader: z.enum(EVAL_GRADERS).default("exact"),
  })
  .strict();
export type EvalSetCreateInput = z.infer<typeof evalSetCreateInput>;

export const evalSetImportInput = z.object({ builtIn: z.enum(BUILT_IN_SETS) }).strict();

export const evalRunCreateInput = z
  .object({
    /** Public model names to run the set against (one run each). */
    models: z.array(z.string().trim().min(1).max(100)).min(1).max(5),
    /** The team whose routing context and evaluation cost the runs use (a shared set needs one). */
    teamId: z.string().trim().min(1).max(64),
    /** Run only the first N items. */
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const evalRunOutput = z.object({
  id: z.string(),
  evalSetId: z.string(),
  model: z.string(),
  status: z.enum(["queued", "running", "completed", "failed"]),
  total: z.number(),
  done: z.number(),
  accuracy: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

export const evalSetOutput = z.object({
  id: z.string(),
  name: z.string(),
  teamId: z.string().nullable(),
  builtIn: z.boolean(),
  items: z.number(),
  tasks: z.array(z.string()),
  createdAt: z.iso.datetime(),
  runs: z.array(evalRunOutput),
});
export type EvalSetOutput = z.infer<typeof evalSetOutput>;
