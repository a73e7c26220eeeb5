// Prompt -> sparse feature vector for the auto router: hashed bag of words and word bigrams plus a few numeric
// shape features. Pure and allocation-light (one pass over char codes, no substrings, no regex) because it runs
// on the gateway hot path for every "auto" request.
//
// Vector layout: [0, 2^bits) hashed text features (sublinear tf, L2-normalised together),
// [2^bits, 2^bits + NUMERIC_FEATURES.length) numeric features scaled to about [0, 1],
// then [.., + 2^extraBits) hashed named extras (task, source file...) that callers add explicitly.

export type FeatureConfig = {
  /** log2 of the hashed text space */
  bits: number;
  bigrams: boolean;
  /** only the first maxChars characters are read: keeps p99 flat for huge pastes */
  maxChars: number;
  /** add the numeric shape features */
  numeric: boolean;
};

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { bits: 18, bigrams: true, maxChars: 8192, numeric: true };

export const NUMERIC_FEATURES = [
  "log_chars",
  "log_tokens",
  "digit_ratio",
  "upper_ratio",
  "log_lines",
  "code_symbol_ratio",
  "math_symbol_ratio",
  "code_fence",
  "question_marks",
  "number_token_ratio",
  "avg_word_len",
  "non_ascii_ratio",
] as const;

const EXTRA_BITS = 10;

export type SparseFeatures = {
  /** strictly increasing */
  indices: Int32Array;
  values: Float32Array;
};

export function featureDim(config: FeatureConfig): number {
  return (1 << config.bits) + NUMERIC_FEATURES.length + (1 << EXTRA_BITS);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** murmur3 finalizer: spreads FNV's weak low bits before masking */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over a string's UTF-16 code units (also used for deterministic splits) */
export function hashString(s: string, seed = 0): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return fmix32(h);
}

const BIGRAM_SALT = 0x9e3779b9;
const NUMBER_SHAPE_SALT = 0x2545f491;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

// ASCII class table: 0 = symbol, 1 = lower/underscore, 2 = upper, 3 = digit, 4 = space
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) ASCII_CLASS[c] = 1;
  else if (c === 95) ASCII_CLASS[c] = 1;
  else if (c >= 65 && c <= 90) ASCII_CLASS[c] = 2;
  else if (c >= 48 && c <= 57) ASCII_CLASS[c] = 3;
  else if (isSpace(c)) ASCII_CLASS[c] = 4;
}
// symbol flags: 1 = code-ish, 2 = math-ish (ASCII in a table, the few non-ASCII math signs in a set)
const SYMBOL_FLAGS = new Uint8Array(128);
for (const ch of "{};<>[]=#|&\\") SYMBOL_FLAGS[ch.charCodeAt(0)]! |= 1;
for (const ch of "+-*/^=%$") SYMBOL_FLAGS[ch.charCodeAt(0)]! |= 2;
const MATH_SIGNS = new Set("√∑∫π≤≥≠±×÷∞".split("").map((c) => c.charCodeAt(0)));

// Per-call state lives at module level (extraction is synchronous, so one set per process is safe): no closures
// or buffers are allocated per prompt, which keeps GC out of the hot path.
let scratch = new Int32Array(4096);
let n = 0;
let prev = 0; // hash of the previous token, 0 = start of text
let tokens = 0;
let mask = 0;
let bigrams = true;

function push(v: number): void {
  if (n === scratch.length) {
    const next = new Int32Array(scratch.length * 2);
    next.set(scratch);
    scratch = next;
  }
  scratch[n++] = v;
}

function emit(hash: number): void {
  const f = fmix32(hash);
  push(f & mask);
  if (bigrams && prev !== 0) push(fmix32(Math.imul(prev ^ BIGRAM_SALT, FNV_PRIME) ^ f) & mask);
  prev = f | 1;
  tokens++;
}

// the token being read
let tokHash = 0;
let tokLen = 0;
let tokKind = 0; // 1 = word, 3 = number
let words = 0;
let wordChars = 0;
let numbers = 0;

function endToken(): void {
  if (tokLen === 0) return;
  if (tokKind === 3) {
    numbers++;
    // long numbers become a shape token ("a 4-digit number"): the exact value rarely generalises
    emit(tokLen > 2 ? Math.imul(NUMBER_SHAPE_SALT ^ Math.min(tokLen, 8), FNV_PRIME) : tokHash);
  } else {
    words++;
    wordChars += tokLen;
    emit(tokHash);
  }
  tokLen = 0;
}

/**
 * Features of one prompt. `extras` are named categorical/numeric features hashed into their own small block
 * (e.g. {"task=code": 1}); they are not normalised with the text.
 */
export function extractFeatures(text: string, config: FeatureConfig = DEFAULT_FEATURE_CONFIG, extras?: Readonly<Record<string, number>>): SparseFeatures {
  mask = (1 << config.bits) - 1;
  bigrams = config.bigrams;
  n = 0;
  prev = 0;
  tokens = 0;
  tokLen = 0;
  words = 0;
  wordChars = 0;
  numbers = 0;
  const len = Math.min(text.length, config.maxChars);
  let digits = 0;
  let upper = 0;
  let lines = 1;
  let codeSyms = 0;
  let mathSyms = 0;
  let questions = 0;
  let nonAscii = 0;
  let backticks = 0;
  let fence = 0;

  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    let cls: number;
    if (c < 128) cls = ASCII_CLASS[c]!;
    else {
      nonAscii++;
      if (isSpace(c)) cls = 4;
      else {
        const s = String.fromCharCode(c);
        const lower = s.toLowerCase();
        if (lower !== s.toUpperCase()) {
          // a cased letter outside ASCII
          cls = lower === s ? 1 : 2;
          c = lower.charCodeAt(0);
        } else if (c >= 0x3040) cls = 1; // CJK and other uncased scripts: letters
        else cls = 0;
      }
    }
    if (cls === 2) {
      upper++;
      if (c < 128) c += 32;
      cls = 1;
    }
    if (cls === 1 || cls === 3) {
      if (cls === 3) digits++;
      if (tokLen === 0) {
        tokHash = FNV_OFFSET;
        tokKind = cls;
      } else if (tokKind === 3 && cls === 1) tokKind = 1; // "x86", "3d" are words
      tokHash = Math.imul(tokHash ^ c, FNV_PRIME);
      tokLen++;
      continue;
    }
    endToken();
    if (cls === 4) {
      if (c === 10) lines++;
      continue;
    }
    // a symbol is a token of its own
    if (c === 63) questions++;
    if (c === 96) {
      backticks++;
      if (backticks >= 3 && i >= 2 && text.charCodeAt(i - 1) === 96 && text.charCodeAt(i - 2) === 96) fence = 1;
    }
    if (c < 128) {
      const flags = SYMBOL_FLAGS[c]!;
      if (flags & 1) codeSyms++;
      if (flags & 2) mathSyms++;
    } else if (MATH_SIGNS.has(c)) mathSyms++;
    emit(Math.imul(FNV_OFFSET ^ c, FNV_PRIME) ^ 0x5bd1e995);
  }
  endToken();

  // sort + run-length: duplicate hashes (repeated words, collisions) add up
  const ids = scratch.subarray(0, n);
  ids.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || ids[i] !== ids[i - 1]) distinct++;
  const numeric = config.numeric ? NUMERIC_FEATURES.length : 0;
  const extraKeys = extras ? Object.keys(extras) : [];
  const indices = new Int32Array(distinct + numeric + extraKeys.length);
  const values = new Float32Array(distinct + numeric + extraKeys.length);
  let k = 0;
  let norm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && ids[j] === ids[i]) j++;
    const v = 1 + Math.log(j - i);
    indices[k] = ids[i]!;
    values[k] = v;
    norm += v * v;
    k++;
    i = j;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < k; i++) values[i]! *= inv;
  }

  const base = 1 << config.bits;
  if (numeric) {
    const chars = Math.max(len, 1);
    const t = Math.max(tokens, 1);
    const num = [
      Math.log1p(text.length) / 10,
      Math.log1p(tokens) / 8,
      Math.min(1, (digits / chars) * 5),
      Math.min(1, (upper / chars) * 5),
      Math.log1p(lines) / 6,
      Math.min(1, (codeSyms / t) * 5),
      Math.min(1, (mathSyms / t) * 5),
      fence,
      Math.min(1, questions / 4),
      Math.min(1, (numbers / t) * 3),
      words ? Math.min(1, wordChars / words / 12) : 0,
      Math.min(1, nonAscii / chars),
    ];
    for (let i = 0; i < num.length; i++) {
      indices[k] = base + i;
      values[k] = num[i]!;
      k++;
    }
  }
  if (extraKeys.length) k = appendExtras(indices, values, k, config.bits, extras!);
  return k === indices.length ? { indices, values } : { indices: indices.slice(0, k), values: values.slice(0, k) };
}

/** Writes named extras after position `k` (in slot order; names that hash to one slot add up); returns the new end. */
function appendExtras(indices: Int32Array, values: Float32Array, k: number, bits: number, extras: Readonly<Record<string, number>>): number {
  const extraBase = (1 << bits) + NUMERIC_FEATURES.length;
  const extraMask = (1 << EXTRA_BITS) - 1;
  const pairs = Object.keys(extras)
    .map((key) => [extraBase + (hashString(key) & extraMask), extras[key]!] as const)
    .sort((a, b) => a[0] - b[0]);
  for (const [idx, v] of pairs) {
    if (k > 0 && indices[k - 1] === idx) values[k - 1]! += v;
    else {
      indices[k] = idx;
      values[k] = v;
      k++;
    }
  }
  return k;
}

/** The same vector with named extras appended (reuses the text part; extras must not be present yet). */
export function withExtras(f: SparseFeatures, config: FeatureConfig, extras: Readonly<Record<string, number>>): SparseFeatures {
  const size = f.indices.length + Object.keys(extras).length;
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  indices.set(f.indices);
  values.set(f.values);
  const k = appendExtras(indices, values, f.indices.length, config.bits, extras);
  return { indices: indices.subarray(0, k), values: values.subarray(0, k) };
}
