// LLM-as-judge: versioned prompt templates and their parsers. The judge model is called through the gateway
// itself (so its cost is logged and priced as evaluation traffic). Templates follow MT-Bench's single-answer and
// pairwise judge prompts (Zheng et al. 2023), so recorded GPT-4 verdicts are comparable.

export const JUDGE_MARKER = "[Switchyard judge v1]";
export const JUDGE_VERSION = 1;

export function singleJudgePrompt(o: { question: string; answer: string; reference?: string | null }): string {
  return [
    JUDGE_MARKER,
    "Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below.",
    o.reference
      ? "Your evaluation should consider correctness and helpfulness. You will be given a reference answer and the assistant's answer. Identify and correct any mistakes."
      : "Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of the response.",
    'Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "Rating: [[5]]".',
    "",
    "[Question]",
    o.question,
    ...(o.reference ? ["", "[The Start of Reference Answer]", o.reference, "[The End of Reference Answer]"] : []),
    "",
    "[The Start of Assistant's Answer]",
    o.answer,
    "[The End of Assistant's Answer]",
  ].join("\n");
}

export function pairwiseJudgePrompt(o: { question: string; answerA: string; answerB: string }): string {
  return [
    JUDGE_MARKER,
    "Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below.",
    "Avoid any position biases and do not let the length of the responses influence your evaluation.",
    'After providing your explanation, output your final verdict by strictly following this format: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, and "[[C]]" for a tie.',
    "",
    "[User Question]",
    o.question,
    "",
    "[The Start of Assistant A's Answer]",
    o.answerA,
    "[The End of Assistant A's Answer]",
    "",
    "[The Start of Assistant B's Answer]",
    o.answerB,
    "[The End of Assistant B's Answer]",
  ].join("\n");
}

/** "Rating: [[7]]" -> 0.7 (scores 1-10 map to 0.1-1.0); null when the judge did not follow the format. */
export function parseRating(text: string): number | null {
  const m = /\[\[(\d+(?:\.\d+)?)\]\]/.exec(text) ?? /rating:\s*(\d+(?:\.\d+)?)/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 10 ? n / 10 : null;
}

/** "[[A]]" -> {a: 1, b: 0}; "[[C]]" (tie) -> 0.5 each. */
export function parsePairwise(text: string): { a: number; b: number } | null {
  const m = /\[\[([ABC])\]\]/.exec(text);
  if (!m) return null;
  return m[1] === "A" ? { a: 1, b: 0 } : m[1] === "B" ? { a: 0, b: 1 } : { a: 0.5, b: 0.5 };
}

/**
 * One verdict from the two orders a pair was judged in (MT-Bench's rule against position bias): a model wins only
 * when it is preferred in both orders; anything else is a tie. `first` judged (x as A, y as B), `second` (y as A,
 * x as B). Returns x's share: 1 win, 0.5 tie, 0 loss; null when a verdict is missing.
 */
export function combinePairwise(first: { a: number; b: number } | null, second: { a: number; b: number } | null): number | null {
  if (!first || !second) return null;
  if (first.a === 1 && second.b === 1) return 1;
  if (first.b === 1 && second.a === 1) return 0;
  return 0.5;
}

/** The parts of a pairwise judge prompt (the demo upstream answers it from recorded verdicts). */
export function parsePairwiseJudgePrompt(prompt: string): { question: string; answerA: string; answerB: string } | null {
  if (!prompt.startsWith(JUDGE_MARKER)) return null;
  const q = /\n\[User Question\]\n([\s\S]*?)\n\n\[The Start of Assistant A's Answer\]/.exec(prompt);
  const a = /\[The Start of Assistant A's Answer\]\n([\s\S]*?)\n\[The End of Assistant A's Answer\]/.exec(prompt);
  const b = /\[The Start of Assistant B's Answer\]\n([\s\S]*?)\n\[The End of Assistant B's Answer\]$/.exec(prompt);
  if (!q || !a || !b) return null;
  return { question: q[1]!, answerA: a[1]!, answerB: b[1]! };
}

/** The parts of a single-answer judge prompt (used by the demo upstream to answer from recorded verdicts). */
export function parseSingleJudgePrompt(prompt: string): { question: string; answer: string; reference: string | null } | null {
  if (!prompt.startsWith(JUDGE_MARKER)) return null;
  const q = /\n\[Question\]\n([\s\S]*?)\n\n(?:\[The Start of Reference Answer\]|\[The Start of Assistant's Answer\])/.exec(prompt);
  const a = /\[The Start of Assistant's Answer\]\n([\s\S]*?)\n\[The End of Assistant's Answer\]$/.exec(prompt);
  const r = /\[The Start of Reference Answer\]\n([\s\S]*?)\n\[The End of Reference Answer\]/.exec(prompt);
  if (!q || !a) return null;
  return { question: q[1]!, answer: a[1]!, reference: r?.[1] ?? null };
}
