import type { PriceRuntime } from "@/lib/gateway/snapshot";
import type { Protocol } from "@/lib/gateway/streams";

/** ~4 characters per token: used only when an upstream sends no usage, so a request is never priced at $0. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Integer nano-dollars: tokens x (micro-USD per million tokens) / 1000. */
export function costNano(price: PriceRuntime, inputTokens: number, outputTokens: number): number {
  return Math.round((inputTokens * price.inMicro + outputTokens * price.outMicro) / 1000);
}

function partText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let out = "";
  for (const p of content as { type?: string; text?: string; content?: unknown }[]) {
    if (typeof p?.text === "string") out += (out ? "\n" : "") + p.text;
    else if (p?.type === "tool_result") out += (out ? "\n" : "") + partText(p.content);
  }
  return out;
}

/** The prompt's text (system + messages), capped at `limit` characters from the end of the conversation. */
export function promptText(body: Record<string, unknown>, protocol: Protocol, limit = Infinity): string {
  const parts: string[] = [];
  if (protocol === "anthropic" && body.system) parts.push(partText(body.system));
  for (const m of (body.messages as { content?: unknown }[] | undefined) ?? []) parts.push(partText(m?.content));
  const text = parts.filter(Boolean).join("\n");
  return text.length > limit ? text.slice(text.length - limit) : text;
}

/**
 * The most a request can cost, for budget reservations: every character of the body counted as a prompt token
 * (an over-estimate: tokens average ~4 characters and JSON syntax is not billed), the requested maximum output
 * (or the model's limit, or 4096) times `n` choices, priced at the dearest model of the chain.
 */
export function maxCostNano(
  body: Record<string, unknown>,
  bodyChars: number,
  chain: readonly { id: string; maxOutputTokens: number | null }[],
  prices: (modelId: string) => PriceRuntime | null,
): number {
  const requested = [body.max_tokens, body.max_completion_tokens].find((v): v is number => typeof v === "number" && v > 0);
  const n = typeof body.n === "number" && body.n > 1 ? Math.min(body.n, 128) : 1;
  let max = 0;
  for (const m of chain) {
    const p = prices(m.id);
    if (!p) continue;
    const out = Math.min(requested ?? m.maxOutputTokens ?? 4096, m.maxOutputTokens ?? Infinity) * n;
    max = Math.max(max, costNano(p, Math.ceil(bodyChars / 3), out));
  }
  return max;
}
