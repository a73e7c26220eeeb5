// npm run router:eval -- --data <dir of CSVs> --strong <column> --weak <column> [--prices strong=24.7,weak=0.24]
//     [--seed N] [--test-fraction 0.5 | --folds K] [--source-feature] [--no-task-features] [--no-selection]
//     [--classifier model.json] [--bins 10|all] [--json]
// npm run router:eval -- --mtbench <dir with question.jsonl + judgements.jsonl> --strong <model> --weak <model> ...
//
// Trains the auto router's quality predictor on a deterministic prompt-hash train split (hyper-parameters chosen by
// cross-validation inside train) and reports RouteLLM metrics (APGR, CPT50/80) and RouterBench AIQ on the test split,
// next to a random router on the same split. With --json the last stdout line is one JSON object. See
// docs/routing-eval.md.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { TaskClassifier, trainSeedClassifier } from "@/lib/router/auto/classifier";
import { classifierAccuracy, evaluateOutcomes, mergeTables, MT_BENCH_TASKS, mtBenchTable, outcomeTableFromCsv, type EvalReport, type OutcomeTable } from "@/lib/router/auto/eval";

export function loadCsvDir(dir: string): OutcomeTable {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(".csv"))
    .sort();
  if (files.length === 0) throw new Error(`no .csv files in ${dir}`);
  return mergeTables(files.map((f) => outcomeTableFromCsv(fs.readFileSync(path.join(dir, f), "utf8"), f.replace(/\.csv$/i, ""))));
}

export function loadMtBench(dir: string): OutcomeTable {
  return mtBenchTable(fs.readFileSync(path.join(dir, "question.jsonl"), "utf8"), fs.readFileSync(path.join(dir, "judgements.jsonl"), "utf8"));
}

function parsePrices(raw: string | undefined): { strong: number; weak: number } | undefined {
  if (!raw) return undefined;
  const kv = Object.fromEntries(raw.split(",").map((p) => p.split("=").map((s) => s.trim()) as [string, string]));
  const strong = Number(kv.strong);
  const weak = Number(kv.weak);
  if (!Number.isFinite(strong) || !Number.isFinite(weak)) throw new Error(`--prices must look like strong=24.7,weak=0.24, got "${raw}"`);
  return { strong, weak };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "n/a");
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");

export function formatReport(r: EvalReport, pair: { strong: string; weak: string }, bins: number | "all" = 10): string {
  const sweep = bins === "all" ? "all thresh." : `${bins} bins`;
  const lines = [
    `protocol: ${r.protocol}`,
    `rows: ${r.rows.total}; train ${r.rows.train}, test ${r.rows.test}`,
    `chosen config (changes from the default, chosen by cross-validation inside train): ${r.chosen.map((c) => JSON.stringify(c)).join(" ")}`,
    `test: strong ${pair.strong} ${f3(r.test.strongPerformance)}, weak ${pair.weak} ${f3(r.test.weakPerformance)}`,
    "",
    "                     APGR    CPT(20%)  CPT(50%)  CPT(80%)  AIQ",
    `${`router (${sweep})`.padEnd(21)}${f3(r.test.apgr)}   ${pct(r.test.cpt20).padStart(7)}   ${pct(r.test.cpt50).padStart(7)}   ${pct(r.test.cpt80).padStart(7)}   ${f3(r.test.aiq)}`,
    `router (all thresh.) ${f3(r.testFullSweep.apgr)}   ${pct(r.testFullSweep.cpt20).padStart(7)}   ${pct(r.testFullSweep.cpt50).padStart(7)}   ${pct(r.testFullSweep.cpt80).padStart(7)}   ${f3(r.testFullSweep.aiq)}`,
    `random (20 seeds)    ${f3(r.random.apgr)}   ${pct(r.random.cpt20).padStart(7)}   ${pct(r.random.cpt50).padStart(7)}   ${pct(r.random.cpt80).padStart(7)}   ${f3(r.random.aiq)}`,
    `random (expected)    ${f3(r.randomExpected.apgr)}   ${pct(r.randomExpected.cpt20).padStart(7)}   ${pct(r.randomExpected.cpt50).padStart(7)}   ${pct(r.randomExpected.cpt80).padStart(7)}   ${f3(r.randomExpected.aiq)}`,
  ];
  if (r.taskPrior) {
    const t = r.taskPrior;
    lines.push(`task prior (0-shot)  ${f3(t.apgr)}   ${pct(t.cpt20).padStart(7)}   ${pct(t.cpt50).padStart(7)}   ${pct(t.cpt80).padStart(7)}   ${f3(t.aiq)}`);
  }
  if (r.costs) {
    const c = r.costs;
    lines.push(
      "",
      `cost per MTok: all strong $${c.allStrong}, all weak $${c.allWeak}`,
      `  at CPT(50%): $${c.cpt50.perMTok.toFixed(2)} (${pct(c.cpt50.savingVsStrong)} cheaper than all strong)`,
      `  at CPT(80%): $${c.cpt80.perMTok.toFixed(2)} (${pct(c.cpt80.savingVsStrong)} cheaper than all strong)`,
    );
  }
  lines.push("", `test curve (${sweep}): strong% -> performance (PGR)`);
  for (const p of [...r.test.curve].sort((a, b) => a.strongFraction - b.strongFraction)) {
    lines.push(`  ${pct(p.strongFraction).padStart(6)} -> ${f3(p.performance)} (${f3(p.pgr)})`);
  }
  return lines.join("\n");
}

export function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      mtbench: { type: "string" },
      strong: { type: "string" },
      weak: { type: "string" },
      prices: { type: "string" },
      seed: { type: "string", default: "0" },
      "test-fraction": { type: "string", default: "0.5" },
      "source-feature": { type: "boolean", default: false },
      folds: { type: "string", default: "1" },
      "no-task-features": { type: "boolean", default: false },
      "no-selection": { type: "boolean", default: false },
      classifier: { type: "string" },
      bins: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || (!values.data && !values.mtbench)) {
    const source = fs.readFileSync(new URL(import.meta.url), "utf8").split("\n");
    const header = source.slice(0, source.findIndex((l) => !l.startsWith("//")));
    process.stdout.write(header.map((l) => l.slice(3)).join("\n") + "\n");
    if (!values.help) process.exitCode = 2;
    return;
  }
  const table = values.mtbench ? loadMtBench(values.mtbench) : loadCsvDir(values.data!);
  const { strong, weak } = values;
  if (!strong || !weak || strong === weak) throw new Error(`pass --strong and --weak, two different model columns (columns: ${table.models.join(", ")})`);
  const seed = Number(values.seed);
  const bins = values.bins === "all" ? "all" : Number(values.bins);
  const log = (line: string) => process.stderr.write(`[router-eval] ${line}\n`);
  log(`${table.rows.length} rows, strong "${strong}", weak "${weak}"`);
  const classifier = values.classifier ? TaskClassifier.fromJSON(JSON.parse(fs.readFileSync(values.classifier, "utf8"))) : trainSeedClassifier();
  const report = evaluateOutcomes(table, {
    strong,
    weak,
    seed,
    testFraction: Number(values["test-fraction"]),
    prices: parsePrices(values.prices),
    sweep: { bins },
    folds: Number(values.folds),
    sourceFeature: values["source-feature"],
    taskFeatures: !values["no-task-features"],
    classifier,
    ...(values["no-selection"] ? { grid: [{}] } : {}),
    log,
  });
  process.stdout.write(formatReport(report, { strong, weak }, bins) + "\n");
  let classifierEval: ReturnType<typeof classifierAccuracy> | undefined;
  if (values.mtbench) {
    classifierEval = classifierAccuracy(table.rows, classifier, MT_BENCH_TASKS);
    const six = classifierAccuracy(table.rows, classifier, { ...MT_BENCH_TASKS, stem: null, humanities: null });
    process.stdout.write(
      `\ntask classifier on MT-Bench turn 1 (held out: never trained on): ${pct(six.accuracy)} of ${six.n} (coding, math, reasoning, writing, roleplay->chat, extraction); ` +
        `${pct(classifierEval.accuracy)} of ${classifierEval.n} with stem/humanities->reasoning\n`,
    );
    for (const [cat, c] of Object.entries(classifierEval.byCategory)) {
      process.stdout.write(`  ${cat.padEnd(11)} ${c.correct}/${c.n} -> ${MT_BENCH_TASKS[cat]}  predicted ${JSON.stringify(c.predicted)}\n`);
    }
  }
  if (values.json) {
    const { curve, ...test } = report.test;
    const out = {
      data: values.mtbench ?? values.data,
      strong,
      weak,
      seed,
      rows: report.rows,
      protocol: report.protocol,
      chosen: report.chosen,
      selection: report.selection,
      apgr: test.apgr,
      cpt20: test.cpt20,
      cpt50: test.cpt50,
      cpt80: test.cpt80,
      aiq: test.aiq,
      strongPerformance: test.strongPerformance,
      weakPerformance: test.weakPerformance,
      fullSweep: report.testFullSweep,
      random: report.random,
      randomExpected: report.randomExpected,
      taskPrior: report.taskPrior,
      classifier: classifierEval ? { accuracy: classifierEval.accuracy, n: classifierEval.n } : undefined,
      costs: report.costs,
      curve,
    };
    process.stdout.write(JSON.stringify(out) + "\n");
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`[router-eval] error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
