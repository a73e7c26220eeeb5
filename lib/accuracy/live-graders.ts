import vm from "node:vm";
import Ajv, { type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import { parseJsonAnswer } from "@/lib/accuracy/graders";
import { regexProblem, type GraderDefinition } from "@/lib/schemas/graders";

// The deterministic graders that run on live traffic (JSON validity / JSON Schema, regex), compiled once per
// configuration and run under a time limit. Server only (Ajv generates code, node:vm bounds the run time).
//  - JSON Schema: Ajv (draft-07 by default; $schema 2019-09 or 2020-12 picks that draft). Formats are not checked.
//    Every `pattern` in the schema passes the same safety check as regex graders before it is compiled.
//  - Regex: checked at save time (lib/schemas/graders.ts), then run with a time limit: a pattern that still
//    backtracks badly costs at most RUN_TIMEOUT_MS per answer, and the gateway turns such a grader off.

/** Answers longer than this are not graded (counted as skipped): bounds memory, regex input and judge prompts. */
export const MAX_GRADED_CHARS = 50_000;
// Wall-clock: generous enough that a busy machine does not trip it on an honest pattern (a few µs normally).
export const RUN_TIMEOUT_MS = 200;

export type CompiledGrader =
  | { kind: "json"; validate: ValidateFunction | null }
  | { kind: "regex"; re: RegExp; mode: "match" | "no_match" }
  | { kind: "judge" };

export type CompileResult = { ok: true; grader: CompiledGrader } | { ok: false; path: string; message: string };

/** Every regular expression a JSON Schema carries (`pattern` values, `patternProperties` keys), with its path. */
function schemaPatterns(node: unknown, path: string, out: { path: string; pattern: string }[] = []): { path: string; pattern: string }[] {
  if (Array.isArray(node)) node.forEach((v, i) => schemaPatterns(v, `${path}.${i}`, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "pattern" && typeof v === "string") out.push({ path: `${path}.pattern`, pattern: v });
      if (k === "patternProperties" && v && typeof v === "object") for (const p of Object.keys(v)) out.push({ path: `${path}.patternProperties`, pattern: p });
      schemaPatterns(v, `${path}.${k}`, out);
    }
  }
  return out;
}

function ajvFor(schema: Record<string, unknown>) {
  const opts = { strict: false, allErrors: false, validateFormats: false, messages: true } as const;
  const draft = typeof schema.$schema === "string" ? schema.$schema : "";
  if (draft.includes("2020-12")) return new Ajv2020(opts);
  if (draft.includes("2019-09")) return new Ajv2019(opts);
  return new Ajv(opts);
}

export function compileJsonSchema(schema: Record<string, unknown>): { ok: true; validate: ValidateFunction } | { ok: false; path: string; message: string } {
  for (const p of schemaPatterns(schema, "definition.schema")) {
    const problem = regexProblem(p.pattern, "u");
    if (problem) return { ok: false, path: p.path, message: `pattern ${JSON.stringify(p.pattern.slice(0, 60))}: ${problem}` };
  }
  try {
    // A fresh instance per schema: Ajv caches every compiled schema, and configurations come and go.
    return { ok: true, validate: ajvFor(schema).compile(schema) };
  } catch (err) {
    // e.g. 'no schema with key or ref "https://example.com/x.json"': remote $refs are never fetched.
    return { ok: false, path: "definition.schema", message: `Not a usable JSON Schema: ${(err as Error).message}` };
  }
}

/** Compiles a (zod-validated) definition; the error names the field, for a 400. */
export function compileDefinition(def: GraderDefinition): CompileResult {
  switch (def.kind) {
    case "json": {
      if (!def.schema) return { ok: true, grader: { kind: "json", validate: null } };
      const c = compileJsonSchema(def.schema);
      return c.ok ? { ok: true, grader: { kind: "json", validate: c.validate } } : c;
    }
    case "regex": {
      const flags = def.caseInsensitive ? "i" : "";
      const problem = regexProblem(def.pattern, flags);
      if (problem) return { ok: false, path: "definition.pattern", message: problem };
      return { ok: true, grader: { kind: "regex", re: new RegExp(def.pattern, flags), mode: def.mode } };
    }
    case "judge":
      return { ok: true, grader: { kind: "judge" } };
  }
}

// One reusable context: `fn(arg)` runs under vm's timeout, which interrupts a running regular expression too.
const sandbox = vm.createContext({ fn: null as ((a: unknown) => unknown) | null, arg: null as unknown });
const call = new vm.Script("fn(arg)");

/** Runs fn(arg) with a time limit; "timeout" when it was interrupted. */
export function withTimeLimit<T>(fn: (a: unknown) => T, arg: unknown, ms = RUN_TIMEOUT_MS): T | "timeout" {
  sandbox.fn = fn;
  sandbox.arg = arg;
  try {
    return call.runInContext(sandbox, { timeout: ms }) as T;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "timeout";
    throw err;
  } finally {
    sandbox.fn = null;
    sandbox.arg = null;
  }
}

export type DeterministicGrade = { score: number; detail: string } | { timeout: true };

/** Grades one answer with a JSON or regex grader. Details never quote the answer (bodies are opt-in). */
export function gradeDeterministic(g: Exclude<CompiledGrader, { kind: "judge" }>, answer: string, timeoutMs = RUN_TIMEOUT_MS): DeterministicGrade {
  if (g.kind === "regex") {
    const re = g.re;
    const found = withTimeLimit((s) => re.test(s as string), answer, timeoutMs);
    if (found === "timeout") return { timeout: true };
    const ok = g.mode === "match" ? found : !found;
    return { score: ok ? 1 : 0, detail: g.mode === "match" ? (found ? "matches" : "does not match") : found ? "matches (must not)" : "does not match (as required)" };
  }
  const parsed = parseJsonAnswer(answer);
  if (!parsed.ok) return { score: 0, detail: "not valid JSON" };
  if (!g.validate) return { score: 1, detail: "valid JSON" };
  const validate = g.validate;
  const ok = withTimeLimit((v) => validate(v), parsed.value, timeoutMs);
  if (ok === "timeout") return { timeout: true };
  if (ok) return { score: 1, detail: "valid JSON matching the schema" };
  // Ajv's message names the schema's keyword and property ("must have required property 'age'"), never a value.
  return { score: 0, detail: `valid JSON, but not the schema's shape: ${validate.errors?.[0]?.message ?? "does not match"}` };
}
