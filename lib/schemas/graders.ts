import { z } from "zod";
import { task } from "@/lib/schemas/common";

// Graders on live traffic: per team x task, a sample of the team's gateway answers is graded off the response path
// (JSON validity / JSON Schema, regex, LLM-as-judge). Shared by the API, the form and the tests; no node: imports
// here (the browser parses with it too). The JSON Schema itself is compiled on the server (lib/accuracy/live-graders).

export const GRADER_KINDS = ["json", "regex", "judge"] as const;
export type GraderKind = (typeof GRADER_KINDS)[number];

/** Longest regex pattern accepted: with the nested-quantifier check and the runtime time limit, bounds the cost. */
export const MAX_PATTERN_LENGTH = 300;
/** Largest JSON Schema accepted, serialised. */
export const MAX_SCHEMA_CHARS = 20_000;

const REPEAT_BRACE = /^\{(\d+)(,(\d*))?\}/;

/**
 * Why a pattern is refused, or null. Beyond "does it compile": backreferences and nested quantifiers ("(a+)+",
 * "(\w+\s?)*"), the classic exponential-backtracking shapes, are refused at save time. This is a conservative
 * subset check, not a proof of safety: overlapping alternations ("(a|aa)+") still pass, so the gateway also runs
 * every pattern under a time limit and switches off a grader that keeps hitting it.
 */
export function regexProblem(pattern: string, flags = ""): string | null {
  if (pattern.length === 0) return "Required";
  if (pattern.length > MAX_PATTERN_LENGTH) return `At most ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, flags);
  } catch (err) {
    return `Not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
  // One frame per open group: does anything inside it repeat (*, +, {n,}, {n,m} with m > 1)?
  const stack: { repeats: boolean }[] = [{ repeats: false }];
  let closed: { repeats: boolean } | null = null; // the group that just closed, for a quantifier that follows it
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (/[1-9]/.test(n) || n === "k") return "Backreferences (\\1, \\k<name>) are not allowed: matching them can take exponential time";
      i += 2;
      closed = null;
      continue;
    }
    if (c === "[") {
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
      closed = null;
      continue;
    }
    if (c === "(") {
      stack.push({ repeats: false });
      i++;
      if (pattern[i] === "?") {
        if (pattern[i + 1] === "<" && pattern[i + 2] !== "=" && pattern[i + 2] !== "!") i = pattern.indexOf(">", i) + 1;
        else i += pattern[i + 1] === "<" ? 3 : 2;
      }
      closed = null;
      continue;
    }
    if (c === ")") {
      const group = stack.length > 1 ? stack.pop()! : { repeats: false };
      stack[stack.length - 1]!.repeats ||= group.repeats;
      closed = group;
      i++;
      continue;
    }
    let quantifier = 0;
    let repeats = false;
    if (c === "*" || c === "+") {
      quantifier = 1;
      repeats = true;
    } else if (c === "?") {
      quantifier = 1;
    } else if (c === "{") {
      const m = REPEAT_BRACE.exec(pattern.slice(i));
      if (m) {
        quantifier = m[0].length;
        repeats = m[2] !== undefined ? m[3] === "" || Number(m[3]) > 1 : Number(m[1]) > 1;
      }
    }
    if (quantifier) {
      if (repeats) {
        if (closed?.repeats) return "Nested quantifiers such as (a+)+ or (\\w+\\s?)* are not allowed: they can take exponential time";
        stack[stack.length - 1]!.repeats = true;
      }
      i += quantifier;
      if (pattern[i] === "?") i++; // lazy
      closed = null;
      continue;
    }
    i++;
    closed = null;
  }
  return null;
}

const graderName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A name is 1-40 characters of a-z, 0-9, - or _");

/** A task, or "*" for every task of the team. */
export const graderTask = z.union([z.literal("*"), task]);

const jsonDefinition = z
  .object({
    kind: z.literal("json"),
    /** A JSON Schema (draft 2020-12 / 07 keywords, compiled with Ajv on the server); null: any valid JSON passes. */
    schema: z.record(z.string(), z.unknown()).nullable().default(null),
  })
  .strict()
  .refine((d) => d.schema === null || JSON.stringify(d.schema).length <= MAX_SCHEMA_CHARS, { path: ["schema"], message: `The schema is larger than ${MAX_SCHEMA_CHARS} characters` });

const regexDefinition = z
  .object({
    kind: z.literal("regex"),
    pattern: z.string().min(1, "Required").max(MAX_PATTERN_LENGTH, `At most ${MAX_PATTERN_LENGTH} characters`),
    /** "match": the answer scores 1 when the pattern is found in it; "no_match": when it is not. */
    mode: z.enum(["match", "no_match"]).default("match"),
    caseInsensitive: z.boolean().default(true),
  })
  .strict()
  .superRefine((d, ctx) => {
    const problem = regexProblem(d.pattern, d.caseInsensitive ? "i" : "");
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
  });

/** Reference-free single-answer rating (1-10 -> 0.1-1.0) by the judge model set in Settings, versioned prompt. */
const judgeDefinition = z.object({ kind: z.literal("judge") }).strict();

export const graderDefinition = z.discriminatedUnion("kind", [jsonDefinition, regexDefinition, judgeDefinition]);
export type GraderDefinition = z.infer<typeof graderDefinition>;

const sampleRate = z.number({ error: "Enter a number" }).min(0, "From 0 to 1").max(1, "From 0 to 1");

export const graderCreateInput = z
  .object({
    name: graderName,
    task: graderTask,
    /** Share of the team's matching live answers graded, 0..1 (0 grades nothing, 1 every answer). */
    sampleRate,
    enabled: z.boolean().default(true),
    definition: graderDefinition,
  })
  .strict();
export type GraderCreateInput = z.infer<typeof graderCreateInput>;

/** Any subset; a changed definition starts a new version (scores of different versions never mix). */
export const graderUpdateInput = z
  .object({ name: graderName, task: graderTask, sampleRate, enabled: z.boolean(), definition: graderDefinition })
  .partial()
  .strict();
export type GraderUpdateInput = z.infer<typeof graderUpdateInput>;

export const graderOutput = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  task: z.string(),
  kind: z.enum(GRADER_KINDS),
  definition: graderDefinition,
  sampleRate: z.number(),
  enabled: z.boolean(),
  version: z.number(),
  /** What its evaluations carry in `grader`: "name@version". */
  grader: z.string(),
  /** Answers graded by the current version in the last 30 days, and their mean score (null when none). */
  stats: z.object({ n: z.number(), mean: z.number().nullable() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type GraderOutput = z.infer<typeof graderOutput>;
