import { describe, expect, it } from "vitest";
import { classifyWith, defaultClassifier, TaskClassifier, type TaskClassifierJSON } from "@/lib/router/auto/classifier";
import { SEED_EXAMPLES } from "@/lib/router/auto/seed-examples";

const TOY = [
  ...["bake a chocolate cake", "best recipe for bread", "how long to roast a chicken", "bake cookies with butter", "a soup recipe with leeks"].map((prompt) => ({ prompt, task: "cooking" })),
  ...["fix the flat tyre on my bike", "my bike chain keeps slipping", "adjust bike brakes", "bike gears make noise", "pump a bike tyre"].map((prompt) => ({ prompt, task: "cycling" })),
  ...["tomorrow weather forecast", "will it rain tomorrow", "weather this weekend", "is it sunny today weather", "snow forecast for the weekend"].map((prompt) => ({ prompt, task: "weather" })),
];

describe("TaskClassifier", () => {
  it("learns a toy task set and generalises to unseen phrasings", () => {
    const c = new TaskClassifier({ labels: ["cooking", "cycling", "weather"] }).learn(TOY, { epochs: 30 });
    expect(c.predict("a recipe to bake a pie").task).toBe("cooking");
    expect(c.predict("my bike tyre is flat again").task).toBe("cycling");
    expect(c.predict("rain forecast tomorrow?").task).toBe("weather");
    const p = c.predict("bake bread");
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("adds labels it has not seen and restricts predictions to a team's tasks", () => {
    const c = new TaskClassifier({ labels: ["cooking"] }).learn(TOY, { epochs: 30 });
    expect(c.labels).toEqual(["cooking", "cycling", "weather"]);
    expect(c.predict("bike brakes squeak", ["cooking", "weather"]).task).not.toBe("cycling");
    expect(c.predict("bike brakes squeak", ["nope", "chat"])).toMatchObject({ task: "chat", confidence: 0 });
  });

  it("round-trips through JSON with identical predictions and keeps learning from where it stopped", () => {
    const c = new TaskClassifier({ labels: ["cooking", "cycling", "weather"] }).learn(TOY, { epochs: 10 });
    const json = JSON.parse(JSON.stringify(c.toJSON())) as TaskClassifierJSON;
    const d = TaskClassifier.fromJSON(json);
    for (const prompt of ["bake a pie", "bike tyre", "rain tomorrow", "something else entirely"]) {
      const a = c.probabilities(prompt);
      const b = d.probabilities(prompt);
      for (const k of Object.keys(a)) expect(b[k]).toBeCloseTo(a[k]!, 4);
    }
    c.learn(TOY, { epochs: 2, seed: 5 });
    d.learn(TOY, { epochs: 2, seed: 5 });
    expect(d.probabilities("bike gears")["cycling"]).toBeCloseTo(c.probabilities("bike gears")["cycling"]!, 3);
    expect(() => TaskClassifier.fromJSON({ ...json, kind: "other" } as unknown as TaskClassifierJSON)).toThrow();
  });

  it("learns past 8 labels and round-trips them through JSON", () => {
    const extra = ["a", "b", "c", "d", "e", "f", "g"].flatMap((k) => [0, 1, 2].map((i) => ({ prompt: `topic ${k}${k}${k} item ${i} ${k}zz`, task: `t-${k}` })));
    const c = new TaskClassifier({ labels: ["cooking", "cycling", "weather"] }).learn([...TOY, ...extra], { epochs: 30 });
    expect(c.labels).toHaveLength(10);
    expect(c.predict("a recipe to bake a pie").task).toBe("cooking");
    expect(c.predict("rain forecast tomorrow?").task).toBe("weather");
    expect(c.predict("topic ggg item 7 gzz").task).toBe("t-g");
    const d = TaskClassifier.fromJSON(JSON.parse(JSON.stringify(c.toJSON())) as TaskClassifierJSON);
    for (const prompt of ["bake a pie", "topic aaa", "topic ggg item"]) {
      const a = c.probabilities(prompt);
      const b = d.probabilities(prompt);
      for (const k of Object.keys(a)) expect(b[k]).toBeCloseTo(a[k]!, 4);
    }
  });

  it("incremental learn() moves a prompt towards a team's label", () => {
    const c = new TaskClassifier({ labels: ["cooking", "cycling", "weather"] }).learn(TOY, { epochs: 10 });
    const before = c.probabilities("velodrome track session")["cycling"]!;
    c.learn([{ prompt: "velodrome track session", task: "cycling" }], { epochs: 3 });
    expect(c.probabilities("velodrome track session")["cycling"]!).toBeGreaterThan(before);
  });

  it("ships a default model trained on the seed set that knows the default tasks", () => {
    expect(SEED_EXAMPLES.length).toBeGreaterThan(300);
    const c = defaultClassifier();
    const cases: [string, string][] = [
      ["Write a TypeScript function that debounces another function", "code"],
      ["What is the integral of 3x^2 from 1 to 2?", "math"],
      ["Draft an email to my team announcing the office party", "writing"],
      ["Plan a 3-day itinerary for Lisbon", "planning"],
      ["Extract every person's name and email from the text below as JSON", "extraction"],
    ];
    for (const [prompt, task] of cases) expect(c.predict(prompt).task, prompt).toBe(task);
    const classify = classifyWith(c);
    expect(classify("Write a TypeScript function that debounces another function", ["math", "chat"]).task).toMatch(/math|chat/);
  });

  it.each([
    ["Write a haiku about autumn", "writing"],
    ["Solve 3x + 5 = 20", "math"],
    ["Extract all dates from the following text", "extraction"],
    ["Plan the steps to migrate our database", "planning"],
    ["Why does ice float? Explain.", "reasoning"],
    ["```ts\nconst x = 1\n```", "code"],
    ["hello!", "chat"],
    ["hi", "chat"],
    ["def area(r): return 3.14 * r ** 2  # returns the wrong value, why?", "code"],
  ])("default model: %s -> %s", (prompt, task) => {
    expect(defaultClassifier().predict(prompt).task).toBe(task);
  });

  it("stays inside the team's taxonomy and reports its confidence", () => {
    const got = classifyWith(defaultClassifier())("Write a poem", ["code", "other"]);
    expect(["code", "other"]).toContain(got.task);
    expect(got.confidence).toBeGreaterThan(0);
    expect(got.confidence).toBeLessThanOrEqual(1);
  });

  it("clone() is independent and learnFeatures() learns a new label from stored features", () => {
    const base = new TaskClassifier({ labels: ["cooking", "cycling", "weather"] }).learn(TOY, { epochs: 10 });
    const before = base.probabilities("bike tyre");
    const team = base.clone();
    const legal = ["review this NDA clause", "is this contract clause enforceable", "draft an indemnity clause", "NDA termination clause"];
    for (let epoch = 0; epoch < 5; epoch++) team.learnFeatures(legal.map((p) => ({ features: team.featurize(p), task: "legal" })));
    expect(team.labels).toContain("legal");
    expect(team.predict("check the NDA clause on termination").task).toBe("legal");
    expect(base.labels).not.toContain("legal");
    expect(base.probabilities("bike tyre")).toEqual(before);
  });
});
