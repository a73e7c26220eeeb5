import { describe, expect, it } from "vitest";
import { extractChoice, extractFinalNumber, grade, matchesSchema, normalizeText } from "@/lib/accuracy/graders";

describe("graders", () => {
  it.each([
    ["The Eiffel Tower is in Paris.", "paris", 0],
    ["Paris", "the paris", 1],
    ["  PARIS!! ", "Paris", 1],
    ["Zürich", "zurich", 1],
  ])("exact: %j vs %j", (answer, reference, score) => {
    expect(grade({ grader: "exact", answer, reference }).score).toBe(score);
  });

  it.each([
    ["Answer: B", "B"],
    ["The answer is (c).", "C"],
    ["D) 42 apples", "D"],
    ["I think it's A", "A"],
    ["Let me think about all options carefully.", null],
  ])("extractChoice(%j) = %j", (answer, letter) => {
    expect(extractChoice(answer)).toBe(letter);
  });

  it("mc-letter scores only the committed letter", () => {
    expect(grade({ grader: "mc-letter", answer: "Answer: B", reference: "B" }).score).toBe(1);
    expect(grade({ grader: "mc-letter", answer: "Answer: C", reference: "B" }).score).toBe(0);
  });

  it.each([
    ["So the total is 1,234.5 dollars.", 1234.5],
    ["x = -3, then y = 7", 7],
    ["The result is \\boxed{12} (not 13)", 12],
    ["no digits here", null],
  ])("extractFinalNumber(%j) = %j", (answer, n) => {
    expect(extractFinalNumber(answer)).toBe(n);
  });

  it("final-number compares numerically", () => {
    expect(grade({ grader: "final-number", answer: "It is 1,000", reference: "1000" }).score).toBe(1);
    expect(grade({ grader: "final-number", answer: "It is 999", reference: "1000" }).score).toBe(0);
  });

  it("json: validity, fences and schema shape", () => {
    const schema = JSON.stringify({ type: "object", required: ["name", "age"], properties: { name: { type: "string" }, age: { type: "integer" } } });
    expect(grade({ grader: "json", answer: '```json\n{"name":"Ada","age":36}\n```', reference: schema }).score).toBe(1);
    expect(grade({ grader: "json", answer: '{"name":"Ada","age":"36"}', reference: schema }).score).toBe(0);
    expect(grade({ grader: "json", answer: '{"name":"Ada"', reference: null }).score).toBe(0);
    expect(matchesSchema([1, 2], { type: "array", items: { type: "number" } })).toBe(true);
    expect(matchesSchema("x", { enum: ["a", "b"] })).toBe(false);
  });

  it("regex: case-insensitive match, invalid pattern scores 0 with a reason", () => {
    expect(grade({ grader: "regex", answer: "Order #A-1234 shipped", reference: "#a-\\d{4}" }).score).toBe(1);
    expect(grade({ grader: "regex", answer: "x", reference: "(" })).toMatchObject({ score: 0, detail: expect.stringMatching(/not a valid/) });
  });

  it("normalizeText drops articles and punctuation", () => {
    expect(normalizeText("The  quick, brown fox.")).toBe("quick brown fox");
  });
});
