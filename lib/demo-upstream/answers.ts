// Protocol-neutral answer generation for the demo upstream: replay recorded MT-Bench / MMLU answers, answer
// tool calls from the tool's JSON schema, or make up deterministic text. Pure: no I/O, no clocks, no randomness.
import crypto from "node:crypto";
import { parsePairwiseJudgePrompt, parseSingleJudgePrompt } from "@/lib/accuracy/judge";
import { findMtBenchAnswer, findMtBenchQuestion, isMultipleChoicePrompt, mmluAnswer, mmluReferenceLetter, modelFamily, type DemoData, type ModelFamily } from "./data";

export interface NeutralTurn {
  role: "system" | "user" | "assistant" | "tool";
  text: string;
  /** role "tool": name of the tool whose result this is, when known. */
  toolName?: string;
}

export interface NeutralTool {
  name: string;
  parameters: unknown;
}

export type NeutralToolChoice = { type: "auto" } | { type: "none" } | { type: "required" } | { type: "tool"; name: string };

export interface AnswerRequest {
  model: string;
  turns: NeutralTurn[];
  tools: NeutralTool[];
  toolChoice: NeutralToolChoice;
  maxTokens?: number;
  stop: string[];
  /** OpenAI response_format: answer with JSON (matching the schema when one is given). */
  json?: { schema?: unknown };
}

export type FinishReason = "stop" | "length" | "stop_sequence" | "tool";

export type Answer =
  | { kind: "text"; text: string; finish: Exclude<FinishReason, "tool">; stopSequence: string | null; completionTokens: number; source: AnswerSource }
  | { kind: "tool"; name: string; arguments: string; completionTokens: number; source: "tool_call" };

export type AnswerSource = "mt_bench" | "mmlu" | "tool_result" | "json" | "generated" | "judge";

/** ~4 characters per token, the usual rule of thumb for English text with BPE tokenizers. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const PER_MESSAGE_OVERHEAD = 4;
const PRIMING = 3;

/** Prompt tokens: every message's text plus a per-message overhead, plus the serialized tool definitions. */
export function estimatePromptTokens(messageTexts: string[], tools: NeutralTool[] = []): number {
  const messages = messageTexts.reduce((sum, t) => sum + estimateTokens(t) + PER_MESSAGE_OVERHEAD, PRIMING);
  return tools.length ? messages + estimateTokens(JSON.stringify(tools)) : messages;
}

/** Example value for a JSON schema: enum -> first value, string -> "example", number -> 1, boolean -> true. */
export function exampleFromSchema(schema: unknown): unknown {
  if (!isRecord(schema)) return "example";
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const alts = schema[key];
    if (Array.isArray(alts) && alts.length > 0) {
      const nonNull = alts.find((a) => !(isRecord(a) && a.type === "null"));
      return exampleFromSchema(nonNull ?? alts[0]);
    }
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? "null";
  if (type === undefined) type = isRecord(schema.properties) ? "object" : isRecord(schema.items) ? "array" : "string";
  switch (type) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return [exampleFromSchema(schema.items)];
    case "object": {
      const props = isRecord(schema.properties) ? schema.properties : {};
      const keys = Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === "string") : Object.keys(props);
      return Object.fromEntries(keys.map((k) => [k, exampleFromSchema(props[k])]));
    }
    default:
      return "example";
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Splits text into pieces of a few words each; the pieces concatenate back to exactly the input. */
export function splitIntoPieces(text: string, wordsPerPiece = 3): string[] {
  const words = text.match(/\s*\S+/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(""));
  const tail = text.slice(pieces.join("").length);
  if (tail) {
    if (pieces.length) pieces[pieces.length - 1] += tail;
    else pieces.push(tail);
  }
  return pieces;
}

/** Splits a string into fixed-size pieces (tool-call argument streaming). */
export function splitFixed(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function answer(data: DemoData, req: AnswerRequest): Answer {
  const family = modelFamily(req.model);
  const last = req.turns.at(-1);
  const userTurns = req.turns.filter((t) => t.role === "user").map((t) => t.text);
  const lastUser = userTurns.at(-1) ?? "";

  if (last?.role === "user" && req.tools.length > 0 && req.toolChoice.type !== "none") {
    const tool = req.toolChoice.type === "tool" ? req.tools.find((t) => t.name === (req.toolChoice as { name: string }).name) : req.tools[0];
    if (tool) {
      const args = JSON.stringify(exampleFromSchema(isRecord(tool.parameters) ? { type: "object", ...tool.parameters } : { type: "object" }));
      return { kind: "tool", name: tool.name, arguments: args, completionTokens: estimateTokens(tool.name + args) + 5, source: "tool_call" };
    }
  }

  const verdict = last?.role === "user" ? judgeVerdict(data, lastUser) : null;
  if (verdict) return limitText(verdict, req.maxTokens, req.stop, "judge");

  let text: string;
  let source: AnswerSource;
  const mt = last?.role === "user" ? findMtBenchAnswer(data, family, userTurns) : undefined;
  const mmlu = last?.role === "user" && !mt ? mmluAnswer(data, family, lastUser) : undefined;
  if (last?.role === "tool") {
    text = toolResultText(last, lastUser, family);
    source = "tool_result";
  } else if (req.json) {
    text = JSON.stringify(req.json.schema !== undefined ? exampleFromSchema(req.json.schema) : { answer: generatedText(lastUser, family) });
    source = "json";
  } else if (mt) {
    text = mt.answer;
    source = "mt_bench";
  } else if (mmlu) {
    text = mmlu;
    source = "mmlu";
  } else {
    text = generatedText(lastUser, family);
    source = "generated";
  }
  return limitText(text, req.maxTokens, req.stop, source);
}

function limitText(full: string, maxTokens: number | undefined, stop: string[], source: AnswerSource): Answer {
  let text = full;
  let stopSequence: string | null = null;
  let cutAt = -1;
  for (const s of stop) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && (cutAt < 0 || at < cutAt)) {
      cutAt = at;
      stopSequence = s;
    }
  }
  if (stopSequence !== null) text = text.slice(0, cutAt);
  if (maxTokens !== undefined && estimateTokens(text) > maxTokens) {
    const limit = maxTokens * 4;
    const space = text.lastIndexOf(" ", limit);
    return { kind: "text", text: text.slice(0, space > 0 ? space : limit), finish: "length", stopSequence: null, completionTokens: maxTokens, source };
  }
  return {
    kind: "text",
    text,
    finish: stopSequence !== null ? "stop_sequence" : "stop",
    stopSequence,
    completionTokens: Math.max(1, estimateTokens(text)),
    source,
  };
}

// Function words and the imperative verbs prompts start with; what remains is usually the topic.
const STOPWORDS = new Set(
  (
    "a an the of for on in to at by with from about into over under as and or but not no yes so if then than too very just also " +
    "some any all each every more most less such only own same other another how what why when where which who whom whose " +
    "is are was were be been being am have has had do does did can could would should will shall may might must i me my we our " +
    "you your he she it its they them their this that these those there here let lets let's please thanks thank using use based " +
    "summarise summarize compare explain describe write compose list give tell show create draft suggest provide outline discuss " +
    "help make generate find calculate imagine pretend act answer question following need want know like get way ways etc"
  ).split(" "),
);

/** Topic phrases: runs of content words between function words and punctuation, in order of appearance. */
function keywords(prompt: string, max = 3): string[] {
  const phrases: string[] = [];
  const seen = new Set<string>();
  let run: string[] = [];
  const flush = () => {
    const phrase = run.slice(0, 3).join(" ");
    run = [];
    if (phrase && !seen.has(phrase.toLowerCase()) && phrases.length < max) {
      seen.add(phrase.toLowerCase());
      phrases.push(phrase);
    }
  };
  for (const token of prompt.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|[^\s\p{L}\p{N}]/gu) ?? []) {
    const word = token.replace(/['’]+$/, "");
    const lower = word.toLowerCase();
    if (/^[\p{L}\p{N}]/u.test(word) && word.length >= 3 && !STOPWORDS.has(lower) && !/^\d+$/.test(word)) run.push(word);
    else flush();
  }
  flush();
  return phrases;
}

function pick<T>(options: readonly T[], digest: Buffer, byte: number): T {
  return options[digest[byte % digest.length]! % options.length]!;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** A few plausible sentences about the prompt's topic; the same prompt and family always give the same text. */
export function generatedText(prompt: string, family: ModelFamily): string {
  const digest = crypto.createHash("sha256").update(`${family}\n${prompt.trim()}`).digest();
  const words = keywords(prompt);
  if (words.length === 0) {
    return pick(["Hello! How can I help you today?", "Hi there! What would you like to talk about?", "Hello! Ask me anything and I will do my best to help."], digest, 0);
  }
  const [k1, k2 = k1, k3 = k2] = words as [string, ...string[]];
  const topic = joinWords(words);
  if (family === "mixtral") {
    return [
      pick([`Sure, here is a short take on ${topic}.`, `Good question about ${topic}.`, `Let me address ${topic} briefly.`], digest, 0),
      pick(
        [
          `The main thing to keep in mind is how ${k1} relates to ${k2} in your situation.`,
          `In most cases ${k1} matters more than people expect, so start there.`,
          `A practical approach is to look at ${k1} first and then at ${k2}.`,
        ],
        digest,
        1,
      ),
      pick([`I hope this helps with ${k3}!`, `Let me know if you want more detail on ${k3}.`, `Feel free to ask a follow-up about ${k3}.`], digest, 2),
    ].join(" ");
  }
  return [
    pick([`Here is an overview of ${topic}.`, `Let's look at ${topic} step by step.`, `Great question about ${topic}; it is worth unpacking carefully.`], digest, 0),
    pick(
      [
        `The key point is that ${k1} depends on context, so it helps to state the goal precisely before choosing an approach.`,
        `First, clarify what ${k1} means in your setting; most confusion comes from mixing up definitions.`,
        `It is useful to separate ${k1} into what is known, what is assumed and what still has to be checked.`,
      ],
      digest,
      1,
    ),
    pick(
      [
        `When ${k2} is involved, start with the simplest approach that works and test it on a concrete example.`,
        `For ${k2}, a small worked example usually reveals the important trade-offs faster than theory.`,
        `Consider how ${k2} interacts with the rest of the problem, since that is where edge cases tend to appear.`,
      ],
      digest,
      2,
    ),
    pick(
      [
        `A common pitfall is treating ${k3} as fixed; revisit that assumption once you have real data.`,
        `Keep an eye on ${k3} as well: it is easy to overlook and often decides the outcome.`,
        `Finally, document your reasoning about ${k3} so it can be reviewed and improved later.`,
      ],
      digest,
      3,
    ),
    pick([`In short: clarify the goal, test with a small case, then iterate.`, `I hope this gives you a solid starting point.`, `Let me know if you would like me to go deeper on any of these points.`], digest, 4),
  ].join(" ");
}

function toolResultText(result: NeutralTurn, lastUser: string, family: ModelFamily): string {
  const flat = result.text.replace(/\s+/g, " ").trim();
  const snippet = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
  const from = result.toolName ? `The ${result.toolName} tool returned` : "The tool returned";
  const topic = joinWords(keywords(lastUser));
  const close = topic ? ` That should answer your question about ${topic}.` : "";
  return family === "mixtral" ? `${from}: ${snippet}.${close}` : `${from}: ${snippet}. Based on this result, here is the answer you asked for.${close}`;
}

/**
 * The demo as an LLM judge (Switchyard's single-answer judge prompt): recorded GPT-4-as-judge scores for
 * MT-Bench answers of either model; for MMLU, 10 when the answer's letter is the demo's reference letter, else 1;
 * anything else gets a middling, deterministic score. So accuracy measured through a judge in demo mode reflects
 * the real recorded outcomes.
 */
export function judgeVerdict(data: DemoData, prompt: string): string | null {
  const parsed = parseSingleJudgePrompt(prompt);
  if (!parsed) return pairwiseVerdict(data, prompt);
  let score: number;
  let why: string;
  const q = findMtBenchQuestion(data, parsed.question);
  const answer = parsed.answer.trim();
  if (q) {
    const family = (["gpt4", "mixtral"] as const).find((f) => q.answers[f][0].trim() === answer);
    score = family ? q.scores[family][0] : 5;
    why = family ? "The response addresses the question; this rating repeats the recorded judgement." : "The response is not one the judge has seen; it is adequate.";
  } else if (isMultipleChoicePrompt(parsed.question)) {
    const letter = /\b([ABCD])\b/.exec(answer)?.[1];
    const right = letter === mmluReferenceLetter(parsed.question);
    score = right ? 10 : 1;
    why = right ? "The assistant chose the correct option." : "The assistant chose an incorrect option.";
  } else {
    score = 6 + (crypto.createHash("sha256").update(answer).digest()[0]! % 3);
    why = "The response is relevant and reasonably helpful.";
  }
  return `${why}\n\nRating: [[${score}]]`;
}

/**
 * The demo as a pairwise judge: for an MT-Bench question, the answer with the higher recorded GPT-4 judgement wins
 * (equal scores, or an answer the recordings do not have, tie); anything else is a tie. Deterministic, and in the
 * same direction as the single ratings the demo gives, so demo evidence stays consistent.
 */
function pairwiseVerdict(data: DemoData, prompt: string): string | null {
  const parsed = parsePairwiseJudgePrompt(prompt);
  if (!parsed) return null;
  const q = findMtBenchQuestion(data, parsed.question);
  const scoreOf = (answer: string) => {
    const family = q ? (["gpt4", "mixtral"] as const).find((f) => q.answers[f][0].trim() === answer.trim()) : undefined;
    return q && family ? q.scores[family][0] : null;
  };
  const [a, b] = [scoreOf(parsed.answerA), scoreOf(parsed.answerB)];
  const verdict = a === null || b === null || a === b ? "C" : a > b ? "A" : "B";
  const why = verdict === "C" ? "Both responses are of similar quality." : `Assistant ${verdict}'s response is more accurate and helpful.`;
  return `${why}\n\n[[${verdict}]]`;
}
