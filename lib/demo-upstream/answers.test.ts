import { describe, expect, it } from "vitest";
import { estimatePromptTokens, estimateTokens, exampleFromSchema, generatedText, splitFixed, splitIntoPieces } from "./answers";
import { isMultipleChoicePrompt, mmluReferenceLetter, mmluWrongLetter, modelFamily } from "./data";

describe("answers", () => {
  it("builds tool arguments from JSON schemas", () => {
    expect(
      exampleFromSchema({
        type: "object",
        properties: {
          s: { type: "string" },
          n: { type: "number" },
          i: { type: "integer" },
          b: { type: "boolean" },
          e: { type: "string", enum: ["x", "y"] },
          o: { type: "object", properties: { deep: { type: ["string", "null"] } }, required: ["deep"] },
          a: { type: "array", items: { type: "integer" } },
          optional: { type: "string" },
        },
        required: ["s", "n", "i", "b", "e", "o", "a"],
      }),
    ).toEqual({ s: "example", n: 1, i: 1, b: true, e: "x", o: { deep: "example" }, a: [1] });
    // Without a required list every property is filled.
    expect(exampleFromSchema({ type: "object", properties: { q: { type: "string" } } })).toEqual({ q: "example" });
    expect(exampleFromSchema({ anyOf: [{ type: "null" }, { type: "boolean" }] })).toBe(true);
  });

  it("splits text into multi-word pieces that concatenate back exactly", () => {
    const text = " Leading space, then\n\nparagraphs and   gaps at the end  ";
    const pieces = splitIntoPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces[0]).toBe(" Leading space, then");
    expect(splitIntoPieces("")).toEqual([]);
    expect(splitFixed("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });

  it("estimates tokens at ~4 chars per token with per-message overhead", () => {
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimatePromptTokens(["abcd", "abcdefgh"])).toBe(3 + (1 + 4) + (2 + 4));
  });

  it("generates deterministic, topical text per family", () => {
    const a = generatedText("Compare Kafka and RabbitMQ for event streaming", "gpt4");
    expect(a).toBe(generatedText("Compare Kafka and RabbitMQ for event streaming", "gpt4"));
    expect(a).toMatch(/Kafka/);
    expect(a.split(". ").length).toBeGreaterThanOrEqual(3);
    expect(generatedText("Compare Kafka and RabbitMQ for event streaming", "mixtral")).not.toBe(a);
    expect(generatedText("hi", "gpt4")).toMatch(/^H/);
  });

  it("maps model ids to recording families", () => {
    expect(modelFamily("mistralai/Mixtral-8x7B-Instruct-v0.1")).toBe("mixtral");
    expect(modelFamily("open-MIXTRAL-8x22b")).toBe("mixtral");
    expect(modelFamily("claude-sonnet-4-5")).toBe("gpt4");
    expect(modelFamily("gpt-4o-mini")).toBe("gpt4");
  });

  it("wrong letters differ from the reference letter; MCQ detection", () => {
    for (let i = 0; i < 50; i++) {
      const p = `Question ${i}?\nA. a\nB. b\nC. c\nD. d\nAnswer:`;
      expect(isMultipleChoicePrompt(p)).toBe(true);
      expect(mmluWrongLetter(p)).not.toBe(mmluReferenceLetter(p));
    }
    expect(isMultipleChoicePrompt("What is 2+2? Answer:")).toBe(false);
  });
});
