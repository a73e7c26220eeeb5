import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURE_CONFIG, extractFeatures, featureDim, hashString, NUMERIC_FEATURES, withExtras } from "@/lib/router/auto/features";

const TEXT_DIM = 1 << DEFAULT_FEATURE_CONFIG.bits;
const textPart = (f: ReturnType<typeof extractFeatures>) => {
  const out = new Map<number, number>();
  f.indices.forEach((j, i) => j < TEXT_DIM && out.set(j, f.values[i]!));
  return out;
};

describe("extractFeatures", () => {
  it("is deterministic, sorted, inside the declared dimension and L2-normalised over the text part", () => {
    const a = extractFeatures("Write a Python function that sorts a list. Then explain it!");
    const b = extractFeatures("Write a Python function that sorts a list. Then explain it!");
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    for (let i = 1; i < a.indices.length; i++) expect(a.indices[i]!).toBeGreaterThan(a.indices[i - 1]!);
    expect(a.indices[a.indices.length - 1]!).toBeLessThan(featureDim(DEFAULT_FEATURE_CONFIG));
    const norm = [...textPart(a).values()].reduce((s, v) => s + v * v, 0);
    expect(norm).toBeCloseTo(1, 5);
  });

  it("ignores case but not word order (bigrams)", () => {
    expect(textPart(extractFeatures("Hello World"))).toEqual(textPart(extractFeatures("hello world")));
    expect(textPart(extractFeatures("dog bites man"))).not.toEqual(textPart(extractFeatures("man bites dog")));
    const uni = { ...DEFAULT_FEATURE_CONFIG, bigrams: false };
    expect(textPart(extractFeatures("dog bites man", uni))).toEqual(textPart(extractFeatures("man bites dog", uni)));
  });

  it("counts repeated words sublinearly and folds long numbers into a shape token", () => {
    const f = extractFeatures("spam spam spam eggs", { ...DEFAULT_FEATURE_CONFIG, bigrams: false, numeric: false });
    const vals = Array.from(f.values).sort();
    expect(vals[1]! / vals[0]!).toBeCloseTo(1 + Math.log(3), 5);
    const n = (s: string) => textPart(extractFeatures(s, { ...DEFAULT_FEATURE_CONFIG, numeric: false }));
    expect(n("pay 123456 now")).toEqual(n("pay 654321 now"));
    expect(n("pay 12 now")).not.toEqual(n("pay 13 now"));
  });

  it("fills the numeric block: code fences, math symbols, digits", () => {
    const numeric = (s: string) => {
      const f = extractFeatures(s);
      return Object.fromEntries(NUMERIC_FEATURES.map((name, k) => [name, f.values[f.indices.indexOf(TEXT_DIM + k)] ?? 0]));
    };
    const code = numeric("```js\nconst x = {a: 1};\n```");
    const prose = numeric("Tell me a story about a brave little fox");
    expect(code.code_fence).toBe(1);
    expect(prose.code_fence).toBe(0);
    expect(code.code_symbol_ratio).toBeGreaterThan(prose.code_symbol_ratio!);
    expect(numeric("2^10 + 3*4 = ?").math_symbol_ratio).toBeGreaterThan(0);
    expect(numeric("abc 123 456").digit_ratio).toBeGreaterThan(0);
  });

  it("reads at most maxChars, handles empty and non-ASCII text", () => {
    const long = "word ".repeat(10_000);
    const cfg = { ...DEFAULT_FEATURE_CONFIG, maxChars: 100 };
    expect(extractFeatures(long + "UNIQUE", cfg).indices).toEqual(extractFeatures(long, cfg).indices);
    expect(extractFeatures("").indices.length).toBe(NUMERIC_FEATURES.length);
    expect(textPart(extractFeatures("ÉCOLE Ünïcode 日本語"))).toEqual(textPart(extractFeatures("école ünïcode 日本語")));
  });

  it("hashes extras into their own block, the same way whether added at extraction or afterwards", () => {
    const a = extractFeatures("fix my code", DEFAULT_FEATURE_CONFIG, { "task=code": 1, "source=x": 0.5 });
    const b = withExtras(extractFeatures("fix my code"), DEFAULT_FEATURE_CONFIG, { "task=code": 1, "source=x": 0.5 });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.indices.length).toBe(extractFeatures("fix my code").indices.length + 2);
  });

  it("hashString is a stable 32-bit hash with a seed", () => {
    expect(hashString("abc")).toBe(hashString("abc"));
    expect(hashString("abc", 1)).not.toBe(hashString("abc"));
    expect(hashString("abc")).toBeGreaterThanOrEqual(0);
    expect(hashString("abc")).toBeLessThan(2 ** 32);
  });
});
