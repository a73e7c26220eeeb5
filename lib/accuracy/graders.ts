// Graders: turn one answer into a score in [0, 1]. Pure and deterministic; each has a versioned name stored with
// its evaluations ("mc-letter@1") so a changed grader never mixes with old scores. LLM-as-judge prompts and their
// parsers live in judge.ts.

export const GRADERS = ["exact", "mc-letter", "final-number", "json", "regex"] as const;
export type GraderName = (typeof GRADERS)[number];
export const GRADER_VERSION: Record<GraderName, number> = { exact: 1, "mc-letter": 1, "final-number": 1, json: 1, regex: 1 };
export const graderId = (g: GraderName | "judge" | "judge-pairwise", version = g.startsWith("judge") ? 1 : GRADER_VERSION[g as GraderName]) => `${g}@${version}`;

/** Lower case, no punctuation or articles, single spaces: "The  Paris." and "paris" are equal (SQuAD's rule). */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The letter an answer commits to, for multiple choice: "Answer: B", "(c)", "B) ...", "the answer is D". */
export function extractChoice(answer: string, letters = "ABCD"): string | null {
  const set = `[${letters}${letters.toLowerCase()}]`;
  const patterns = [
    new RegExp(`answer\\s*(?:is|:)?\\s*\\(?(${set})\\)?(?![a-z])`, "i"),
    new RegExp(`^\\s*\\(?(${set})\\)?(?:[.):\\s]|$)`),
    new RegExp(`\\((${set})\\)`),
    new RegExp(`\\b(${set})\\b(?=\\s*$)`),
  ];
  for (const p of patterns) {
    const m = p.exec(answer.trim());
    if (m) return m[1]!.toUpperCase();
  }
  return null;
}

/** The last number in an answer ("... so the total is 1,234.5 dollars" -> 1234.5), or null. */
export function extractFinalNumber(answer: string): number | null {
  const boxed = /\\boxed\{([^}]*)\}/.exec(answer)?.[1];
  const text = boxed ?? answer;
  const all = [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?/gi)].map((m) => m[0]);
  const last = all[all.length - 1];
  if (!last) return null;
  const n = Number(last.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

type Schema = { type?: string | string[]; required?: string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };

/** A small JSON Schema subset (type, required, properties, items, enum): enough for "is this the shape we asked for". */
export function matchesSchema(value: unknown, schema: Schema): boolean {
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false;
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    if (!types.some((t) => t === actual || (t === "number" && actual === "integer"))) return false;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (schema.required?.some((k) => !(k in obj))) return false;
    for (const [k, s] of Object.entries(schema.properties ?? {})) if (k in obj && !matchesSchema(obj[k], s)) return false;
  }
  if (Array.isArray(value) && schema.items) return value.every((v) => matchesSchema(v, schema.items!));
  return true;
}

/** The JSON an answer carries: the whole answer, or the body of its first ```json fence. */
export function parseJsonAnswer(answer: string): { ok: true; value: unknown } | { ok: false } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(answer)?.[1];
  try {
    return { ok: true, value: JSON.parse((fenced ?? answer).trim()) };
  } catch {
    return { ok: false };
  }
}

export type GradeInput = { grader: GraderName; answer: string; reference?: string | null };
export type Grade = { score: number; grader: string; detail: string };

/** Grades one answer. `reference` means: the expected text (exact), letter (mc-letter), number (final-number),
 * a JSON schema or nothing (json), a regular expression (regex). */
export function grade({ grader, answer, reference }: GradeInput): Grade {
  const id = graderId(grader);
  switch (grader) {
    case "exact": {
      const ok = normalizeText(answer) === normalizeText(reference ?? "");
      return { score: ok ? 1 : 0, grader: id, detail: ok ? "matches the reference" : "differs from the reference" };
    }
    case "mc-letter": {
      const got = extractChoice(answer);
      const want = (reference ?? "").trim().toUpperCase().slice(0, 1);
      return { score: got !== null && got === want ? 1 : 0, grader: id, detail: got ? `answered ${got}, expected ${want}` : "no choice found in the answer" };
    }
    case "final-number": {
      const got = extractFinalNumber(answer);
      const want = Number((reference ?? "").replace(/,/g, ""));
      const ok = got !== null && Number.isFinite(want) && Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));
      return { score: ok ? 1 : 0, grader: id, detail: got === null ? "no number found" : `answered ${got}, expected ${want}` };
    }
    case "json": {
      const parsed = parseJsonAnswer(answer);
      if (!parsed.ok) return { score: 0, grader: id, detail: "not valid JSON" };
      if (!reference) return { score: 1, grader: id, detail: "valid JSON" };
      let schema: Schema;
      try {
        schema = JSON.parse(reference) as Schema;
      } catch {
        return { score: 0, grader: id, detail: "the reference schema is not valid JSON" };
      }
      const ok = matchesSchema(parsed.value, schema);
      return { score: ok ? 1 : 0, grader: id, detail: ok ? "valid JSON matching the schema" : "valid JSON, but not the schema's shape" };
    }
    case "regex": {
      let re: RegExp;
      try {
        re = new RegExp(reference ?? "", "i");
      } catch {
        return { score: 0, grader: id, detail: "the reference is not a valid regular expression" };
      }
      const ok = re.test(answer.slice(0, 100_000));
      return { score: ok ? 1 : 0, grader: id, detail: ok ? "matches" : "does not match" };
    }
  }
}
