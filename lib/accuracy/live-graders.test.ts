import { describe, expect, it } from "vitest";
import { compileDefinition, compileJsonSchema, gradeDeterministic, withTimeLimit, type CompiledGrader } from "@/lib/accuracy/live-graders";
import { buildGraderIndex } from "@/lib/gateway/grader-index";
import { sampleGraders } from "@/lib/gateway/live-grading";
import type { Snapshot } from "@/lib/gateway/snapshot";
import { graderCreateInput, MAX_PATTERN_LENGTH, regexProblem, type GraderDefinition } from "@/lib/schemas/graders";

type Runnable = Exclude<CompiledGrader, { kind: "judge" }>;
function compiled(def: GraderDefinition): Runnable {
  const c = compileDefinition(def);
  if (!c.ok) throw new Error(c.message);
  return c.grader as Runnable;
}

describe("JSON grader", () => {
  const schema = { type: "object", required: ["name", "age"], properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } }, additionalProperties: false };
  const g = compiled({ kind: "json", schema });

  it.each([
    ['{"name":"Ada","age":36}', 1, "valid JSON matching the schema"],
    ['```json\n{"name":"Ada","age":36}\n```', 1, "valid JSON matching the schema"],
    ['{"name":"Ada","age":"36"}', 0, "valid JSON, but not the schema's shape: must be integer"],
    ['{"name":"Ada"}', 0, "valid JSON, but not the schema's shape: must have required property 'age'"],
    ['{"name":"Ada","age":-1}', 0, "valid JSON, but not the schema's shape: must be >= 0"],
    ['{"name":"Ada","age":3,"extra":true}', 0, "valid JSON, but not the schema's shape: must NOT have additional properties"],
    ['{"name": "Ada", "age": ', 0, "not valid JSON"],
    ["Sure! Here it is: {name: Ada}", 0, "not valid JSON"],
  ])("%j -> %d", (answer, score, detail) => {
    expect(gradeDeterministic(g, answer)).toEqual({ score, detail });
  });

  it("without a schema, any valid JSON passes", () => {
    const any = compiled({ kind: "json", schema: null });
    expect(gradeDeterministic(any, "[1, 2, 3]")).toEqual({ score: 1, detail: "valid JSON" });
    expect(gradeDeterministic(any, "[1, 2,")).toEqual({ score: 0, detail: "not valid JSON" });
  });

  it("picks the draft from $schema (2020-12 prefixItems)", () => {
    const tuple = compiled({ kind: "json", schema: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false } });
    expect(gradeDeterministic(tuple, '["a", 1]')).toMatchObject({ score: 1 });
    expect(gradeDeterministic(tuple, '[1, "a"]')).toMatchObject({ score: 0 });
  });

  it("refuses schemas that cannot be compiled or carry unsafe patterns, naming the field", () => {
    expect(compileJsonSchema({ type: "not-a-type" })).toMatchObject({ ok: false, path: "definition.schema", message: expect.stringMatching(/^Not a usable JSON Schema/) });
    expect(compileJsonSchema({ $ref: "https://example.com/remote.json" })).toMatchObject({ ok: false, message: expect.stringMatching(/can't resolve reference|no schema with key or ref/i) });
    expect(compileJsonSchema({ properties: { id: { type: "string", pattern: "^(a+)+$" } } })).toMatchObject({ ok: false, path: "definition.schema.properties.id.pattern", message: expect.stringMatching(/Nested quantifiers/) });
    expect(compileJsonSchema({ patternProperties: { "(x*)*": {} } })).toMatchObject({ ok: false, message: expect.stringMatching(/Nested quantifiers/) });
    expect(compileJsonSchema({ properties: { id: { type: "string", pattern: "^ORD-\\d{6}$" } } })).toMatchObject({ ok: true });
  });
});

describe("regex grader", () => {
  it("must match / must not match, with and without case", () => {
    const must = compiled({ kind: "regex", pattern: "ORD-\\d{6}", mode: "match", caseInsensitive: false });
    expect(gradeDeterministic(must, "Your order ORD-123456 shipped")).toEqual({ score: 1, detail: "matches" });
    expect(gradeDeterministic(must, "Your order ord-123456 shipped")).toEqual({ score: 0, detail: "does not match" });
    expect(gradeDeterministic(must, "Your order ORD-12345 shipped")).toEqual({ score: 0, detail: "does not match" });
    const ci = compiled({ kind: "regex", pattern: "ORD-\\d{6}", mode: "match", caseInsensitive: true });
    expect(gradeDeterministic(ci, "ord-123456")).toMatchObject({ score: 1 });
    const mustNot = compiled({ kind: "regex", pattern: "as an ai (language )?model", mode: "no_match", caseInsensitive: true });
    expect(gradeDeterministic(mustNot, "As an AI language model, I cannot")).toEqual({ score: 0, detail: "matches (must not)" });
    expect(gradeDeterministic(mustNot, "Paris is the capital of France.")).toEqual({ score: 1, detail: "does not match (as required)" });
  });

  it.each([
    ["ORD-\\d{6}", null],
    ["^(foo|bar)+$", null],
    ["(?:ab)+c", null],
    ["(?<year>\\d{4})-\\d{2}", null],
    ["[(a+)+]x", null], // inside a class: literal characters
    ["a{2}(b{1})*", null],
    ["(", /^Not a valid regular expression/],
    ["a{2,1}", /^Not a valid regular expression/],
    ["(a+)+$", /Nested quantifiers/],
    ["(\\w+\\s?)*$", /Nested quantifiers/],
    ["((ab)*c)+", /Nested quantifiers/],
    ["(a{2,})*", /Nested quantifiers/],
    ["(x+){3,}", /Nested quantifiers/],
    ["(a)\\1", /Backreferences/],
    ["(?<q>a)\\k<q>", /Backreferences/],
    ["x".repeat(MAX_PATTERN_LENGTH + 1), /At most/],
  ])("regexProblem(%j)", (pattern, expected) => {
    const problem = regexProblem(pattern, "i");
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it("the API schema refuses a bad pattern with a field path (a 400 from the handler)", () => {
    const bad = graderCreateInput.safeParse({ name: "ids", task: "code", sampleRate: 1, definition: { kind: "regex", pattern: "(a+)+" } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["definition", "pattern"]);
    const invalid = graderCreateInput.safeParse({ name: "ids", task: "code", sampleRate: 1, definition: { kind: "regex", pattern: "[" } });
    expect(invalid.error!.issues[0]!.message).toMatch(/Not a valid regular expression/);
    const ok = graderCreateInput.parse({ name: "IDs", task: "*", sampleRate: 0.5, definition: { kind: "regex", pattern: "ORD-\\d+" } });
    expect(ok).toEqual({ name: "ids", task: "*", sampleRate: 0.5, enabled: true, definition: { kind: "regex", pattern: "ORD-\\d+", mode: "match", caseInsensitive: true } });
    expect(graderCreateInput.safeParse({ name: "x", task: "code", sampleRate: 1.5, definition: { kind: "judge" } }).success).toBe(false);
  });

  it("a pattern that slips past the check is stopped by the time limit", () => {
    // Overlapping alternation: not caught by the static check, exponential on a near-miss.
    const slow: Runnable = { kind: "regex", re: /^(a|a)*$/, mode: "match" };
    const t0 = performance.now();
    expect(gradeDeterministic(slow, `${"a".repeat(40)}!`, 30)).toEqual({ timeout: true });
    expect(performance.now() - t0).toBeLessThan(1000);
    // The context is reusable afterwards.
    expect(withTimeLimit((x) => (x as number) + 1, 1)).toBe(2);
    expect(gradeDeterministic(slow, "aaaa", 30)).toEqual({ score: 1, detail: "matches" });
  });
});

describe("sampling", () => {
  const rows = [
    { id: "g-none", teamId: "t1", name: "never", task: "code", kind: "regex", definition: { kind: "regex", pattern: "x", mode: "match", caseInsensitive: true }, sampleRate: 0, version: 1 },
    { id: "g-all", teamId: "t1", name: "always", task: "code", kind: "json", definition: { kind: "json", schema: null }, sampleRate: 1, version: 3 },
    { id: "g-star", teamId: "t1", name: "everywhere", task: "*", kind: "regex", definition: { kind: "regex", pattern: "y", mode: "match", caseInsensitive: true }, sampleRate: 1, version: 1 },
    { id: "g-judge", teamId: "t1", name: "judge", task: "code", kind: "judge", definition: { kind: "judge" }, sampleRate: 1, version: 1 },
    { id: "g-broken", teamId: "t1", name: "broken", task: "code", kind: "regex", definition: { kind: "regex", pattern: "(a+)+" }, sampleRate: 1, version: 1 },
  ];
  const warnings: string[] = [];
  const graders = buildGraderIndex(rows, (m) => warnings.push(m));
  const snap = (judgeModel: string | null) => ({ graders, judgeModel }) as unknown as Snapshot;
  const names = (list: { name: string }[]) => list.map((g) => g.name).sort();

  it("rate 0 grades nothing and rate 1 everything, over many draws", () => {
    let random = 0;
    const draws = Array.from({ length: 200 }, () => sampleGraders(snap("judge-model"), "t1", "code", () => (random = (random + 0.61803) % 1)));
    expect(draws.every((d) => !d.some((g) => g.name === "never"))).toBe(true);
    expect(draws.every((d) => names(d).join() === "always,everywhere,judge")).toBe(true);
    // The extremes of Math.random()'s range.
    expect(names(sampleGraders(snap("judge-model"), "t1", "code", () => 0))).toEqual(["always", "everywhere", "judge"]);
    expect(names(sampleGraders(snap("judge-model"), "t1", "code", () => 0.999999))).toEqual(["always", "everywhere", "judge"]);
  });

  it("task graders apply to their task, * to every task; judges wait for a judge model; other teams get none", () => {
    expect(names(sampleGraders(snap("judge-model"), "t1", "chat", () => 0))).toEqual(["everywhere"]);
    expect(names(sampleGraders(snap(null), "t1", "code", () => 0))).toEqual(["always", "everywhere"]);
    expect(sampleGraders(snap("judge-model"), "t2", "code", () => 0)).toEqual([]);
  });

  it("a stored definition that does not compile is skipped with a warning, and graders carry name@version", () => {
    expect(warnings.join("\n")).toMatch(/grader "broken" of team t1: its definition does not compile/);
    expect(sampleGraders(snap("judge-model"), "t1", "code", () => 0).map((g) => g.grader).sort()).toEqual(["always@3", "everywhere@1", "judge@1"]);
  });
});
