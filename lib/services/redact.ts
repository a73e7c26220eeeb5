// Audit rows, logs and error bodies never carry secrets: any key that looks like one is replaced.
const SECRET_KEY = /(api[-_]?key|apikey|secret|password|token|authorization|ciphertext|key_?hash|private[-_]?key)/i;
const ALLOWED = new Set(["apiKeyHint", "api_key_hint", "keyVersion", "key_version", "prefix", "tokens", "inputTokens", "outputTokens", "maxTokens", "max_tokens"]);

export function redact<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && !ALLOWED.has(k) && v !== null && v !== undefined ? "[redacted]" : redact(v, depth + 1);
  }
  return out as T;
}
