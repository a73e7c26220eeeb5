import { describe, expect, it } from "vitest";
import { chooseModel, QualityPredictor, type Candidate, type QualityPredictorJSON } from "@/lib/router/auto/quality";

// A separable toy: "big" answers well on everything, "small" only on greetings.
const HARD = ["prove the riemann hypothesis", "derive the navier stokes equations", "optimise this compiler pass", "formal proof of the theorem", "derive a proof for the lemma"];
const EASY = ["hello there", "hi how are you", "good morning friend", "hello good evening", "hi there friend"];
const outcomes = [
  ...HARD.flatMap((prompt) => [
    { prompt, model: "big", score: 1 },
    { prompt, model: "small", score: 0 },
  ]),
  ...EASY.flatMap((prompt) => [
    { prompt, model: "big", score: 1 },
    { prompt, model: "small", score: 1 },
  ]),
];

describe("QualityPredictor", () => {
  it.each([true, false])("learns a separable toy (shared weights: %s)", (shared) => {
    const q = new QualityPredictor({ shared, learningRate: 0.2, features: { bits: 14 } }).learn(outcomes, { epochs: 40 });
    const hard = q.predict("a proof of the hard theorem", { models: ["big", "small"] });
    const easy = q.predict("hello friend", { models: ["big", "small"] });
    expect(hard.big!).toBeGreaterThan(0.8);
    expect(hard.small!).toBeLessThan(0.3);
    expect(easy.small!).toBeGreaterThan(0.7);
    expect(q.models.sort()).toEqual(["big", "small"]);
    expect(q.outcomes("big")).toBe(400);
  });

  it("moves predictions with each online update, towards the observed outcome", () => {
    const q = new QualityPredictor({ learningRate: 0.1, features: { bits: 14 } });
    expect(q.predict("summarise this contract", { models: ["m"] }).m).toBeCloseTo(0.5, 6); // never seen: no opinion
    let p = 0.5;
    for (let i = 0; i < 5; i++) {
      q.update({ prompt: "summarise this contract", model: "m", score: 0 });
      const next = q.predict("summarise this contract", { models: ["m"] }).m!;
      expect(next).toBeLessThan(p);
      p = next;
    }
    q.update({ prompt: "summarise this contract", model: "m", score: 1 });
    expect(q.predict("summarise this contract", { models: ["m"] }).m!).toBeGreaterThan(p);
    expect(() => q.update({ prompt: "x", model: "m", score: 7 })).toThrow(RangeError);
  });

  it("gives a model it has never seen the shared estimate, and uses the task as a feature", () => {
    const q = new QualityPredictor({ learningRate: 0.2, features: { bits: 14 } });
    q.learn([
      ...Array.from({ length: 10 }, () => ({ prompt: "same prompt", model: "a", score: 0, task: "math" })),
      ...Array.from({ length: 10 }, () => ({ prompt: "same prompt", model: "a", score: 1, task: "chat" })),
    ], { epochs: 5 });
    const p = (task: string) => q.predict("same prompt", { task, models: ["a", "new"] });
    expect(p("chat").a!).toBeGreaterThan(p("math").a!);
    expect(p("chat").new!).not.toBeCloseTo(0.5, 3); // the shared part learned something
    const solo = new QualityPredictor({ shared: false }).learn([{ prompt: "x", model: "a", score: 0 }]);
    expect(solo.predict("x", { models: ["new"] }).new).toBeCloseTo(0.5, 6);
  });

  it("round-trips through JSON", () => {
    const q = new QualityPredictor({ learningRate: 0.2, features: { bits: 14 } }).learn(outcomes, { epochs: 5 });
    const r = QualityPredictor.fromJSON(JSON.parse(JSON.stringify(q.toJSON())) as QualityPredictorJSON);
    for (const prompt of ["prove it", "hello", "unseen words entirely"]) {
      const a = q.predict(prompt, { models: ["big", "small"] });
      const b = r.predict(prompt, { models: ["big", "small"] });
      expect(b.big).toBeCloseTo(a.big!, 4);
      expect(b.small).toBeCloseTo(a.small!, 4);
    }
    q.update({ prompt: "prove it", model: "small", score: 1 });
    r.update({ prompt: "prove it", model: "small", score: 1 });
    expect(r.predict("prove it", { models: ["small"] }).small).toBeCloseTo(q.predict("prove it", { models: ["small"] }).small!, 3);
  });
});

describe("chooseModel", () => {
  const gpt4: Candidate = { id: "gpt-4", costPerMTok: 24.7, pGood: 0.82 };
  const mixtral: Candidate = { id: "mixtral-8x7b", costPerMTok: 0.24, pGood: 0.81 };
  const mid: Candidate = { id: "mid", costPerMTok: 3, pGood: 0.8 };
  const cases: { name: string; candidates: Candidate[]; tolerance: number; id: string; reason: string | RegExp }[] = [
    {
      name: "cheap model within tolerance wins",
      candidates: [gpt4, mixtral],
      tolerance: 0.02,
      id: "mixtral-8x7b",
      reason: "auto: mixtral-8x7b p=0.81 within 0.02 of gpt-4 p=0.82, 103x cheaper",
    },
    {
      name: "zero tolerance keeps the best",
      candidates: [gpt4, mixtral],
      tolerance: 0,
      id: "gpt-4",
      reason: "auto: gpt-4 p=0.82 is the best; cheaper mixtral-8x7b p=0.81 is more than 0 below",
    },
    { name: "the cheapest of several eligible", candidates: [gpt4, mid, mixtral], tolerance: 0.05, id: "mixtral-8x7b", reason: /^auto: mixtral-8x7b p=0\.81 within 0\.05 of gpt-4/ },
    { name: "tolerance boundary is inclusive", candidates: [gpt4, mid], tolerance: 0.02, id: "mid", reason: /within 0\.02 of gpt-4 p=0\.82, 8\.2x cheaper$/ },
    { name: "just outside the tolerance", candidates: [gpt4, mid], tolerance: 0.019, id: "gpt-4", reason: /is the best/ },
    { name: "best is also cheapest", candidates: [{ ...mixtral, pGood: 0.9 }, gpt4], tolerance: 0.1, id: "mixtral-8x7b", reason: "auto: mixtral-8x7b p=0.90 is the best; it is also the cheapest" },
    { name: "single candidate", candidates: [gpt4], tolerance: 0.1, id: "gpt-4", reason: "auto: gpt-4 p=0.82 is the best" },
    { name: "price tie goes to the higher quality", candidates: [{ ...mid, id: "a", pGood: 0.79 }, { ...mid, id: "b" }, gpt4], tolerance: 0.05, id: "b", reason: /^auto: b p=0\.80/ },
    { name: "unknown quality counts as 0", candidates: [{ ...mixtral, pGood: NaN }, gpt4], tolerance: 0.5, id: "gpt-4", reason: /is the best/ },
    { name: "a free model", candidates: [gpt4, { ...mixtral, costPerMTok: 0 }], tolerance: 0.02, id: "mixtral-8x7b", reason: /, free$/ },
  ];
  it.each(cases)("$name", ({ candidates, tolerance, id, reason }) => {
    const choice = chooseModel(candidates, tolerance);
    expect(choice.id).toBe(id);
    if (typeof reason === "string") expect(choice.reason).toBe(reason);
    else expect(choice.reason).toMatch(reason);
  });

  it("rejects no candidates and a negative tolerance", () => {
    expect(() => chooseModel([], 0.1)).toThrow(RangeError);
    expect(() => chooseModel([gpt4], -1)).toThrow(RangeError);
  });
});
