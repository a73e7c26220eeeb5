import { describe, expect, it } from "vitest";
import { adjustForPrompt, MIN_PROMPT_EXAMPLES, promptFeatures, trainTeamQuality, type QualityExampleInput } from "@/lib/router/auto/prompt-quality";
import { easyMath, hardMath } from "@/lib/testing/math-prompts";

// A team's math traffic: the in-house model gets easy arithmetic right and fails proofs; the strong model gets both.

function examples(n: number): QualityExampleInput[] {
  const out: QualityExampleInput[] = [];
  for (let i = 0; i < n; i++) {
    for (const [prompt, inHouse] of [[easyMath(i), 1], [hardMath(i), 0]] as const) {
      out.push({ features: promptFeatures(prompt), task: "math", model: "mixtral", score: inHouse });
      out.push({ features: promptFeatures(prompt), task: "math", model: "gpt-4", score: 1 });
    }
  }
  return out;
}

describe("per-prompt quality", () => {
  it("moves the in-house model's measured mean up for prompts like its successes and down for its failures", async () => {
    const team = await trainTeamQuality(examples(30));
    const measured = { p: 0.5, n: 60 };
    const sum = adjustForPrompt(measured, team, promptFeatures("What is 41 + 17?"), "math", "mixtral");
    const proof = adjustForPrompt(measured, team, promptFeatures("Prove that the square root of 2 is irrational."), "math", "mixtral");
    expect(sum.p).toBeGreaterThan(0.85);
    expect(proof.p).toBeLessThan(0.3);
    expect(sum.adjust).toBeCloseTo(sum.p - 0.5, 12);
    // the strong model succeeded everywhere: its estimate barely moves, and never above 1
    const strong = adjustForPrompt({ p: 1, n: 60 }, team, promptFeatures("Prove that the square root of 2 is irrational."), "math", "gpt-4");
    expect(strong.p).toBeGreaterThan(0.97);
    expect(strong.p).toBeLessThanOrEqual(1);
  });

  it("leaves the measured estimate alone without enough examples for that task and model", async () => {
    const team = await trainTeamQuality(examples(MIN_PROMPT_EXAMPLES / 2 - 1)); // (n/2-1)*2 < MIN per (task, model)
    const measured = { p: 0.5, n: 60 };
    expect(adjustForPrompt(measured, team, promptFeatures("What is 41 + 17?"), "math", "mixtral")).toBe(measured);
    expect(adjustForPrompt(measured, await trainTeamQuality(examples(30)), promptFeatures("What is 41 + 17?"), "code", "mixtral")).toBe(measured);
  });

  it("trains the same model from the same outcomes in any order", async () => {
    const f = promptFeatures("Prove that 7 is prime.");
    const ex = examples(25);
    const [a, b] = await Promise.all([trainTeamQuality(ex), trainTeamQuality([...ex].reverse())]);
    expect(adjustForPrompt({ p: 0.5, n: 50 }, a, f, "math", "mixtral").p).toBe(adjustForPrompt({ p: 0.5, n: 50 }, b, f, "math", "mixtral").p);
  });

  it("trains deterministically", async () => {
    const f = promptFeatures("Prove that 7 is prime.");
    const [a, b] = await Promise.all([trainTeamQuality(examples(25)), trainTeamQuality(examples(25))]);
    expect(adjustForPrompt({ p: 0.5, n: 50 }, a, f, "math", "mixtral").p).toBe(adjustForPrompt({ p: 0.5, n: 50 }, b, f, "math", "mixtral").p);
  });
});
