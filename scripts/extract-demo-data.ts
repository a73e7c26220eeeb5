// npx tsx scripts/extract-demo-data.ts: turns the RouteLLM recordings (../shared/datasets/routellm, not shipped)
// into the compact committed file lib/demo-upstream/data/routellm-demo.json.gz that the demo upstream replays.
// Deterministic output: rerunning on the same dataset gives a byte-identical file.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { DEMO_DATA_VERSION, MODEL_IDS, mmluKey, type DemoData, type MmluSample, type MtBenchQuestion } from "@/lib/demo-upstream/data";

const SOURCE = path.resolve(process.argv[2] ?? "../shared/datasets/routellm");
const OUT_DIR = path.resolve("lib/demo-upstream/data");
const OUT_FILE = path.join(OUT_DIR, "routellm-demo.json.gz");

const say = (line: string) => process.stdout.write(`[extract-demo-data] ${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`[extract-demo-data] error: ${line}\n`);
  process.exit(1);
};

type Family = "mixtral" | "gpt4";
const FAMILY_BY_MODEL: Record<string, Family> = { [MODEL_IDS.mixtral]: "mixtral", [MODEL_IDS.gpt4]: "gpt4" };

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function parseBool(value: string | undefined, where: string): boolean {
  if (value === "True") return true;
  if (value === "False") return false;
  return fail(`${where}: expected True/False, got ${JSON.stringify(value)}`);
}

interface Judgement {
  question_id: number;
  model: string;
  judge: [string, string];
  user_prompt: string;
  score: number;
  turn: number;
}

const SINGLE_START = "[The Start of Assistant's Answer]\n";
const SINGLE_END = "\n[The End of Assistant's Answer]";
const CONV_START = "<|The Start of Assistant A's Conversation with User|>";
const CONV_END = "\n\n<|The End of Assistant A's Conversation with User|>";

// Turn-1 judgements embed one answer between the "[The Start/End of Assistant's Answer]" markers; turn-2
// (multi-turn) judgements embed the whole conversation. Math questions also carry a reference conversation
// with "### User:" markers before it, so we anchor on the known question texts instead of the first marker.
function extractAnswers(j: Judgement, turns: [string, string]): string[] {
  const p = j.user_prompt;
  const where = `judgement q${j.question_id} ${j.model} turn ${j.turn}`;
  if (j.turn === 1) {
    const start = p.indexOf(SINGLE_START);
    const end = p.lastIndexOf(SINGLE_END);
    if (start < 0 || end < start || p.indexOf(SINGLE_START, start + 1) >= 0) fail(`${where}: answer markers not found once`);
    if (!p.includes(`[Question]\n${turns[0]}\n\n`)) fail(`${where}: question text differs from question.jsonl`);
    return [p.slice(start + SINGLE_START.length, end)];
  }
  const conv = p.indexOf(CONV_START);
  if (conv < 0 || !p.endsWith(CONV_END)) fail(`${where}: conversation markers not found`);
  const body = p.slice(conv + CONV_START.length, p.length - CONV_END.length);
  const head = `\n\n### User:\n${turns[0]}\n\n### Assistant A:\n`;
  const mid = `\n\n### User:\n${turns[1]}\n\n### Assistant A:\n`;
  if (!body.startsWith(head)) fail(`${where}: conversation does not start with turn 1`);
  const rest = body.slice(head.length);
  const at = rest.indexOf(mid);
  if (at < 0 || rest.indexOf(mid, at + 1) >= 0) fail(`${where}: turn 2 question not found exactly once`);
  return [rest.slice(0, at), rest.slice(at + mid.length)];
}

function extractMtBench(): MtBenchQuestion[] {
  const dir = path.join(SOURCE, "mt_bench");
  const lines = (file: string) =>
    fs
      .readFileSync(path.join(dir, file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
  const questions = lines("question.jsonl").map((l) => JSON.parse(l) as { question_id: number; category: string; turns: string[] });
  const byId = new Map<number, MtBenchQuestion>();
  for (const q of questions) {
    if (q.turns.length !== 2) fail(`question ${q.question_id}: expected 2 turns`);
    byId.set(q.question_id, {
      id: q.question_id,
      category: q.category,
      turns: [q.turns[0]!, q.turns[1]!],
      answers: { mixtral: ["", ""], gpt4: ["", ""] },
      scores: { mixtral: [0, 0], gpt4: [0, 0] },
    });
  }
  const seen = new Set<string>();
  for (const line of lines("judgements.jsonl")) {
    const j = JSON.parse(line) as Judgement;
    const q = byId.get(j.question_id) ?? fail(`judgement for unknown question ${j.question_id}`);
    const family = FAMILY_BY_MODEL[j.model] ?? fail(`judgement for unknown model ${j.model}`);
    const key = `${j.question_id}/${family}/${j.turn}`;
    if (seen.has(key)) fail(`duplicate judgement ${key}`);
    seen.add(key);
    const answers = extractAnswers(j, q.turns);
    const t = j.turn === 1 ? 0 : 1;
    q.scores[family][t] = j.score;
    if (j.turn === 1) q.answers[family][0] = answers[0]!;
    else {
      // The turn-2 judgement repeats turn 1; it must agree with the turn-1 judgement's copy.
      const prior = q.answers[family][0];
      if (prior && prior !== answers[0]) fail(`q${j.question_id} ${family}: turn-1 answer differs between judgements`);
      q.answers[family] = [answers[0]!, answers[1]!];
    }
  }
  const out = [...byId.values()].sort((a, b) => a.id - b.id);
  for (const q of out) for (const f of ["mixtral", "gpt4"] as const) for (const t of [0, 1]) if (!q.answers[f][t]) fail(`q${q.id} ${f}: missing turn ${t + 1}`);
  return out;
}

function extractMmlu(): { mmlu: DemoData["mmlu"]; rows: number; duplicates: number; conflicts: number } {
  const dir = path.join(SOURCE, "mmlu");
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^mmlu_.+\.csv$/.test(f))
    .sort();
  const subjects: string[] = [];
  const byHash: DemoData["mmlu"]["byHash"] = {};
  const samples: MmluSample[] = [];
  let rows = 0;
  let duplicates = 0;
  let conflicts = 0;
  for (const file of files) {
    const subject = file.slice("mmlu_".length, -".csv".length);
    const subjectIndex = subjects.push(subject) - 1;
    const [header, ...data] = parseCsv(fs.readFileSync(path.join(dir, file), "utf8"));
    const mixCol = header?.indexOf(MODEL_IDS.mixtral) ?? -1;
    const gptCol = header?.indexOf(MODEL_IDS.gpt4) ?? -1;
    if (header?.[0] !== "prompt" || mixCol < 0 || gptCol < 0) fail(`${file}: unexpected header ${JSON.stringify(header)}`);
    const sampledOutcomes = new Set<string>();
    data.forEach((row, i) => {
      if (row.length === 1 && row[0] === "") return;
      rows++;
      const prompt = row[0] ?? "";
      const mixtral = parseBool(row[mixCol], `${file} row ${i + 2}`);
      const gpt4 = parseBool(row[gptCol], `${file} row ${i + 2}`);
      const key = mmluKey(prompt);
      const prior = byHash[key];
      if (prior) {
        // The same question appears in two subjects (or twice in one); first occurrence wins.
        duplicates++;
        if (prior[0] !== mixtral || prior[1] !== gpt4) conflicts++;
        return;
      }
      byHash[key] = [mixtral, gpt4, subjectIndex];
      // One sample per outcome class per subject, so offline demos can build small eval sets.
      const outcome = `${mixtral}/${gpt4}`;
      if (!sampledOutcomes.has(outcome)) {
        sampledOutcomes.add(outcome);
        samples.push({ subject, prompt: prompt.trim(), mixtral, gpt4 });
      }
    });
  }
  return { mmlu: { subjects, byHash, samples }, rows, duplicates, conflicts };
}

function main() {
  if (!fs.existsSync(path.join(SOURCE, "mt_bench")) || !fs.existsSync(path.join(SOURCE, "mmlu"))) {
    fail(`dataset not found at ${SOURCE} (expected mt_bench/ and mmlu/)`);
  }
  const mtBench = extractMtBench();
  const { mmlu, rows, duplicates, conflicts } = extractMmlu();
  const data: DemoData = {
    version: DEMO_DATA_VERSION,
    source: "lm-sys/RouteLLM (Apache-2.0); MMLU (MIT); MT-Bench",
    models: MODEL_IDS,
    mtBench,
    mmlu,
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const gz = zlib.gzipSync(Buffer.from(JSON.stringify(data)), { level: 9 });
  fs.writeFileSync(OUT_FILE, gz);
  // Not copyFileSync: the dataset files are read-only and the copy must stay editable.
  const license = path.join(OUT_DIR, "LICENSE");
  fs.rmSync(license, { force: true });
  fs.writeFileSync(license, fs.readFileSync(path.join(SOURCE, "LICENSE")));
  say(`MT-Bench: ${mtBench.length} questions, 2 models x 2 turns`);
  say(`MMLU: ${rows} rows, ${Object.keys(mmlu.byHash).length} unique prompts (${duplicates} duplicates, ${conflicts} with differing outcomes; first kept), ${mmlu.samples.length} samples`);
  say(`wrote ${path.relative(process.cwd(), OUT_FILE)} (${(gz.length / 1024).toFixed(0)} KiB)`);
}

main();
