/**
 * Tool arguments arrive as model-generated JSON text; Anthropic requires `input` to be an object, so
 * anything that is not a JSON object (invalid, truncated by max_tokens, an array) becomes {}.
 */
export function parseToolInput(args: string | undefined | null): Record<string, unknown> {
  if (!args) return {};
  try {
    const v: unknown = JSON.parse(args);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
