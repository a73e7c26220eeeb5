import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trainSeedClassifier } from "@/lib/router/auto/classifier";
import {
  classifierAccuracy,
  evaluateOutcomes,
  MT_BENCH_TASKS,
  mtBenchTable,
  outcomeTableFromCsv,
  parseCsv,
  splitRows,
  type OutcomeTable,
} from "@/lib/router/auto/eval";
import { loadCsvDir, loadMtBench } from "@/scripts/router-eval";

const SHARED = path.resolve(import.meta.dirname, "../../../../shared/datasets/routellm");
const MMLU = path.join(SHARED, "mmlu");
const MT_BENCH = path.join(SHARED, "mt_bench");
const STRONG = "gpt-4-1106-preview";
const WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1";

describe("outcome tables", () => {
  it("parses RFC 4180 CSV: quoted commas, newlines, doubled quotes, CRLF, BOM", () => {
    const text = '\uFEFFprompt,a,b\r\n"Say ""hi"", then\nA. x\nAnswer:",True,False\r\nplain,false,TRUE\n';
    expect(parseCsv(text)).toEqual([
      ["prompt", "a", "b"],
      ['Say "hi", then\nA. x\nAnswer:', "True", "False"],
      ["plain", "false", "TRUE"],
    ]);
    const t = outcomeTableFromCsv(text, "demo");
    expect(t.models).toEqual(["a", "b"]);
    expect(t.rows[0]).toEqual({ prompt: 'Say "hi", then\nA. x\nAnswer:', outcomes: { a: 1, b: 0 }, source: "demo" });
    expect(outcomeTableFromCsv("a,prompt\n0.5,x\n").rows[0]!.outcomes).toEqual({ a: 0.5 });
    expect(() => outcomeTableFromCsv("q,a\nx,True\n")).toThrow(/no "prompt" column/);
    expect(() => outcomeTableFromCsv("prompt,a\nx,maybe\n")).toThrow(/True\/False or a number/);
    expect(() => outcomeTableFromCsv("prompt,a\nx\n")).toThrow(/1 cells/);
  });

  it("builds MT-Bench rows the RouteLLM way: turn 1 prompt, mean judge score over both turns", () => {
    const questions = [
      { question_id: 1, category: "math", turns: ["What is 2+2?", "And 3+3?"] },
      { question_id: 2, category: "writing", turns: ["Write a haiku", "Now a limerick"] },
    ];
    const j = (question_id: number, model: string, turn: number, score: number) => ({ question_id, model, turn, score, judge: ["gpt-4", "single-v1"] });
    const judgements = [j(1, "s", 1, 10), j(1, "s", 2, 8), j(1, "w", 1, 4), j(1, "w", 2, -1), j(2, "s", 1, 9), j(2, "s", 2, 9), j(2, "w", 1, 8), j(2, "w", 2, 6)];
    const t = mtBenchTable(questions.map((q) => JSON.stringify(q)).join("\n"), judgements.map((x) => JSON.stringify(x)).join("\n") + "\n");
    expect(t.models).toEqual(["s", "w"]);
    expect(t.rows).toEqual([
      { prompt: "What is 2+2?", outcomes: { s: 9, w: 4 }, category: "math" },
      { prompt: "Write a haiku", outcomes: { s: 9, w: 7 }, category: "writing" },
    ]);
  });

  it("splits deterministically by prompt hash, the seed changing the split", () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ prompt: `question ${i}` }));
    const a = splitRows(rows, 0.3, 0);
    expect(splitRows(rows, 0.3, 0)).toEqual(a);
    expect(a.test.length / rows.length).toBeGreaterThan(0.25);
    expect(a.test.length / rows.length).toBeLessThan(0.35);
    expect(splitRows(rows, 0.3, 1).test).not.toEqual(a.test);
    expect(splitRows([...rows, { prompt: "question 7" }], 0.3, 0).test.filter((r) => r.prompt === "question 7")).toHaveLength(a.test.some((r) => r.prompt === "question 7") ? 2 : 0);
  });
});

// Synthetic: the weak model fails exactly the "integral" questions, which the strong model gets right.
function synthetic(n: number): OutcomeTable {
  const topics = ["integral of a polynomial", "capital of a country", "synonym of a word", "colour of a fruit"];
  return {
    models: ["big", "small"],
    rows: Array.from({ length: n }, (_, i) => {
      const topic = topics[i % topics.length]!;
      const hard = topic.startsWith("integral");
      return { prompt: `Question ${i}: the ${topic} number ${i * 7}?`, outcomes: { big: 1, small: hard ? 0 : i % 3 === 0 ? 0 : 1 } };
    }),
  };
}

describe("evaluateOutcomes", () => {
  it("learns a synthetic routing signal only from the train split and beats random", () => {
    const report = evaluateOutcomes(synthetic(400), { strong: "big", weak: "small", grid: [{ bits: 14 }], classifier: null, prices: { strong: 10, weak: 1 } });
    expect(report.rows.train + report.rows.test).toBe(400);
    expect(report.test.apgr).toBeGreaterThan(report.random.apgr + 0.1);
    expect(report.test.cpt50).toBeLessThan(0.4);
    expect(report.costs!.cpt50.perMTok).toBeCloseTo(1 + 9 * report.test.cpt50, 10);
    expect(report.taskPrior).toBeUndefined();
  });

  it("chooses among candidates by cross-validation inside train and supports K-fold evaluation", () => {
    const logs: string[] = [];
    const report = evaluateOutcomes(synthetic(240), { strong: "big", weak: "small", grid: [{ bits: 14 }, { bits: 14, epochs: 1 }], folds: 3, classifier: null, log: (l) => logs.push(l) });
    expect(report.rows.test).toBe(240);
    expect(report.chosen).toHaveLength(3);
    expect(report.selection[0]).toHaveLength(2);
    expect(logs.some((l) => l.startsWith("selection:"))).toBe(true);
    expect(report.test.apgr).toBeGreaterThan(0.6);
  });

  it("rejects unknown columns", () => {
    expect(() => evaluateOutcomes(synthetic(20), { strong: "nope", weak: "small" })).toThrow(/no column "nope"/);
  });
});

describe.skipIf(!fs.existsSync(MMLU))("on RouteLLM's recorded MMLU outcomes (../shared)", () => {
  it("beats the random router by more than 0.05 APGR on the held-out split", () => {
    const table = loadCsvDir(MMLU);
    expect(table.rows.length).toBeGreaterThan(10_000);
    // one fixed configuration (no hyper-parameter search) keeps this under the test timeout
    const report = evaluateOutcomes(table, { strong: STRONG, weak: WEAK, grid: [{ bits: 16 }], classifier: trainSeedClassifier() });
    expect(report.test.apgr).toBeGreaterThan(report.random.apgr + 0.05);
    expect(report.test.cpt50).toBeLessThan(0.45);
  });
});

describe.skipIf(!fs.existsSync(MT_BENCH))("the seed classifier on MT-Bench (../shared, never trained on)", () => {
  it("beats chance by a wide margin on the categories that map to a task", () => {
    const table = loadMtBench(MT_BENCH);
    expect(table.rows).toHaveLength(80);
    const acc = classifierAccuracy(table.rows, trainSeedClassifier(), { ...MT_BENCH_TASKS, stem: null, humanities: null });
    expect(acc.n).toBe(60);
    expect(acc.accuracy).toBeGreaterThan(0.5);
  });
});
