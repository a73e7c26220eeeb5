import { describe, expect, it } from "vitest";
import { parseRating, singleJudgePrompt } from "@/lib/accuracy/judge";
import { judgeVerdict } from "@/lib/demo-upstream/answers";
import { loadDemoData, mmluAnswer, mmluReferenceLetter } from "@/lib/demo-upstream/data";

const data = loadDemoData();

describe("demo upstream as a judge", () => {
  it("repeats the recorded GPT-4 judgement for an MT-Bench answer of either model", () => {
    const q = data.mtBench.find((x) => x.scores.gpt4[0] !== x.scores.mixtral[0])!;
    for (const family of ["gpt4", "mixtral"] as const) {
      const verdict = judgeVerdict(data, singleJudgePrompt({ question: q.turns[0], answer: q.answers[family][0] }))!;
      expect(parseRating(verdict)).toBe(q.scores[family][0] / 10);
    }
  });

  it("rates MMLU answers by the recorded correctness of each model", () => {
    const prompts = Object.keys(data.mmlu.byHash).length;
    expect(prompts).toBeGreaterThan(100);
    const sample = data.mmlu.samples[0] ?? null;
    const prompt = sample?.prompt ?? "Which planet is largest?\\nA. Mars\\nB. Jupiter\\nC. Venus\\nD. Earth\\nAnswer:";
    const right = mmluReferenceLetter(prompt);
    expect(parseRating(judgeVerdict(data, singleJudgePrompt({ question: prompt, answer: right }))!)).toBe(1);
    const wrong = "ABCD".split("").find((l) => l !== right)!;
    expect(parseRating(judgeVerdict(data, singleJudgePrompt({ question: prompt, answer: wrong }))!)).toBe(0.1);
    if (sample) {
      const mix = mmluAnswer(data, "mixtral", prompt)!;
      expect(parseRating(judgeVerdict(data, singleJudgePrompt({ question: prompt, answer: mix }))!)).toBe(mix === right ? 1 : 0.1);
    }
  });

  it("is not triggered by ordinary prompts", () => {
    expect(judgeVerdict(data, "Rate my essay please")).toBeNull();
  });
});
