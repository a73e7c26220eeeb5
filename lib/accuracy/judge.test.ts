import { describe, expect, it } from "vitest";
import { combinePairwise, pairwiseJudgePrompt, parsePairwise, parsePairwiseJudgePrompt, parseRating, parseSingleJudgePrompt, singleJudgePrompt } from "@/lib/accuracy/judge";
import { judgeVerdict } from "@/lib/demo-upstream/answers";
import { loadDemoData } from "@/lib/demo-upstream/data";

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

  it("round-trips a pairwise prompt; combines both orders by MT-Bench's rule (win only when preferred in both)", () => {
    const p = pairwiseJudgePrompt({ question: "Q?\nmore", answerA: "first\n\nanswer", answerB: "second" });
    expect(parsePairwiseJudgePrompt(p)).toEqual({ question: "Q?\nmore", answerA: "first\n\nanswer", answerB: "second" });
    expect(parsePairwiseJudgePrompt(singleJudgePrompt({ question: "q", answer: "a" }))).toBeNull();
    const A = { a: 1, b: 0 };
    const B = { a: 0, b: 1 };
    const C = { a: 0.5, b: 0.5 };
    expect(combinePairwise(A, B)).toBe(1); // x as A wins, then x as B wins
    expect(combinePairwise(B, A)).toBe(0);
    expect(combinePairwise(A, A)).toBe(0.5); // position bias: the first slot always wins -> tie
    expect(combinePairwise(A, C)).toBe(0.5);
    expect(combinePairwise(A, null)).toBeNull();
  });

  it("the demo judge answers pairwise prompts from the recorded ratings, whatever the order", () => {
    const data = loadDemoData();
    const q = data.mtBench.find((x) => x.scores.gpt4[0] > x.scores.mixtral[0])!;
    const [gpt4, mixtral] = [q.answers.gpt4[0], q.answers.mixtral[0]];
    expect(parsePairwise(judgeVerdict(data, pairwiseJudgePrompt({ question: q.turns[0], answerA: gpt4, answerB: mixtral }))!)).toEqual({ a: 1, b: 0 });
    expect(parsePairwise(judgeVerdict(data, pairwiseJudgePrompt({ question: q.turns[0], answerA: mixtral, answerB: gpt4 }))!)).toEqual({ a: 0, b: 1 });
    expect(parsePairwise(judgeVerdict(data, pairwiseJudgePrompt({ question: q.turns[0], answerA: "something else", answerB: gpt4 }))!)).toEqual({ a: 0.5, b: 0.5 });
  });
});
