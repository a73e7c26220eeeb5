// Recorded answers of two real models (RouteLLM data, see data/README.md) and the lookups the demo upstream
// uses to replay them. The committed data file is produced by scripts/extract-demo-data.ts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const DEMO_DATA_VERSION = 1;

/** The two models the recordings come from. */
export const MODEL_IDS = { mixtral: "mistralai/Mixtral-8x7B-Instruct-v0.1", gpt4: "gpt-4-1106-preview" } as const;

export type ModelFamily = "mixtral" | "gpt4";

export interface MtBenchQuestion {
  id: number;
  category: string;
  turns: [string, string];
  /** Answers verbatim as recorded (Mixtral's turn-1 answers start with a space, a tokenizer artefact). */
  answers: Record<ModelFamily, [string, string]>;
  /** GPT-4-as-judge scores, 1-10, per turn. */
  scores: Record<ModelFamily, [number, number]>;
}

export interface MmluSample {
  subject: string;
  prompt: string;
  mixtral: boolean;
  gpt4: boolean;
}

export interface DemoData {
  version: number;
  source: string;
  models: typeof MODEL_IDS;
  mtBench: MtBenchQuestion[];
  mmlu: {
    subjects: string[];
    /** mmluKey(prompt) -> [mixtralCorrect, gpt4Correct, index into subjects] */
    byHash: Record<string, [boolean, boolean, number]>;
    /** A few full prompts per subject (one per outcome class), for building offline eval sets. */
    samples: MmluSample[];
  };
}

export const DEMO_DATA_FILE = "routellm-demo.json.gz";

let cached: DemoData | undefined;

function dataFilePath(): string {
  const candidates = [
    fileURLToPath(new URL(`./data/${DEMO_DATA_FILE}`, import.meta.url)),
    path.resolve("lib/demo-upstream/data", DEMO_DATA_FILE),
  ];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}

/** Reads the committed recordings (sync, cached for the process). */
export function loadDemoData(): DemoData {
  if (cached) return cached;
  const data = JSON.parse(zlib.gunzipSync(fs.readFileSync(dataFilePath())).toString("utf8")) as DemoData;
  if (data.version !== DEMO_DATA_VERSION) throw new Error(`demo data version ${data.version}, expected ${DEMO_DATA_VERSION}`);
  cached = data;
  return data;
}

/** "mixtral" for any model id containing "mixtral" (case-insensitive), else "gpt4" (gpt-4*, claude*, anything). */
export function modelFamily(model: string): ModelFamily {
  return /mixtral/i.test(model) ? "mixtral" : "gpt4";
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest();

/** Key of an MMLU prompt in DemoData.mmlu.byHash: first 12 hex chars of sha256(prompt.trim()). */
export function mmluKey(prompt: string): string {
  return sha256(prompt.trim()).toString("hex").slice(0, 12);
}

export type MmluLetter = "A" | "B" | "C" | "D";
const LETTERS = ["A", "B", "C", "D"] as const;

/**
 * The dataset has no answer key, only whether each model was right, so the demo defines the "correct" letter:
 * "ABCD"[first byte of sha256(prompt.trim()) % 4]. Eval sets built for the demo must use the same convention.
 */
export function mmluReferenceLetter(prompt: string): MmluLetter {
  return LETTERS[sha256(prompt.trim())[0]! % 4]!;
}

/** A deterministic letter different from the reference one (what a model that got it wrong answers). */
export function mmluWrongLetter(prompt: string): MmluLetter {
  const digest = sha256(prompt.trim());
  const ref = digest[0]! % 4;
  return LETTERS[(ref + 1 + (digest[1]! % 3)) % 4]!;
}

export interface MmluRecord {
  subject: string;
  correct: Record<ModelFamily, boolean>;
}

export function findMmlu(data: DemoData, prompt: string): MmluRecord | undefined {
  const rec = data.mmlu.byHash[mmluKey(prompt)];
  if (!rec) return undefined;
  return { subject: data.mmlu.subjects[rec[2]] ?? "unknown", correct: { mixtral: rec[0], gpt4: rec[1] } };
}

/** MMLU-style prompt: choices "A." .. "D." on their own lines and a trailing "Answer:". */
export function isMultipleChoicePrompt(prompt: string): boolean {
  const p = prompt.trim();
  return p.endsWith("Answer:") && LETTERS.every((l) => p.includes(`\n${l}. `) || p.includes(`\n${l}.\n`));
}

/** The letter the given model family answers: reference letter if the recording says it was right. */
export function mmluAnswer(data: DemoData, family: ModelFamily, prompt: string): MmluLetter | undefined {
  const rec = findMmlu(data, prompt);
  if (rec) return rec.correct[family] ? mmluReferenceLetter(prompt) : mmluWrongLetter(prompt);
  // Unknown multiple-choice prompts (hand-written eval items) get the reference letter from both families.
  return isMultipleChoicePrompt(prompt) ? mmluReferenceLetter(prompt) : undefined;
}

const mtIndex = new WeakMap<DemoData, Map<string, MtBenchQuestion>>();

export function findMtBenchQuestion(data: DemoData, turn1: string): MtBenchQuestion | undefined {
  let index = mtIndex.get(data);
  if (!index) {
    index = new Map(data.mtBench.map((q) => [q.turns[0].trim(), q]));
    mtIndex.set(data, index);
  }
  return index.get(turn1.trim());
}

export interface MtBenchMatch {
  question: MtBenchQuestion;
  turn: 1 | 2;
  answer: string;
}

/**
 * userTurns: the texts of the conversation's user messages, in order. The last one equal to a recorded turn 1
 * replays the turn-1 answer; [turn 1, turn 2] of the same question replays the turn-2 answer.
 */
export function findMtBenchAnswer(data: DemoData, family: ModelFamily, userTurns: string[]): MtBenchMatch | undefined {
  const last = userTurns.at(-1);
  if (last === undefined) return undefined;
  if (userTurns.length >= 2) {
    const q = findMtBenchQuestion(data, userTurns.at(-2)!);
    if (q && q.turns[1].trim() === last.trim()) return { question: q, turn: 2, answer: q.answers[family][1] };
  }
  const q = findMtBenchQuestion(data, last);
  return q ? { question: q, turn: 1, answer: q.answers[family][0] } : undefined;
}
