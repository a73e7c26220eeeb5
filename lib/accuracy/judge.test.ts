import { describe, expect, it } from "vitest";
import { pairwiseJudgePrompt, parsePairwise, parseRating, parseSingleJudgePrompt, singleJudgePrompt } from "@/lib/accuracy/judge";

describe("judge prompts", () => {
  it("round-trips a single-answer prompt, with and without a reference", () => {
    const p = singleJudgePrompt({ question: "What is 2+2?\nExplain.", answer: "4\n\nbecause 2+2=4" });
    expect(parseSingleJudgePrompt(p)).toEqual({ question: "What is 2+2?\nExplain.", answer: "4\n\nbecause 2+2=4", reference: null });
    const r = singleJudgePrompt({ question: "Q", answer: "A", reference: "R" });
    expect(parseSingleJudgePrompt(r)).toEqual({ question: "Q", answer: "A", reference: "R" });
    expect(parseSingleJudgePrompt("hello")).toBeNull();
  });

  it.each([
    ["The answer is thorough. Rating: [[8]]", 0.8],
    ["Rating: 10", 1],
    ["[[11]]", null],
    ["no verdict", null],
  ])("parseRating(%j) = %j", (text, score) => {
    expect(parseRating(text)).toBe(score);
  });

  it("parses pairwise verdicts", () => {
    expect(pairwiseJudgePrompt({ question: "q", answerA: "a", answerB: "b" })).toContain("[The Start of Assistant B's Answer]\nb");
    expect(parsePairwise("... [[A]]")).toEqual({ a: 1, b: 0 });
    expect(parsePairwise("[[C]]")).toEqual({ a: 0.5, b: 0.5 });
    expect(parsePairwise("A is better")).toBeNull();
  });
});
