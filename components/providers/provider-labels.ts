import type { ProviderKindApi } from "@/lib/schemas/providers";

export const KIND_LABELS: Record<ProviderKindApi, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  "openai-compatible": "OpenAI-compatible",
};

/** A placeholder base URL per protocol, so the admin sees the expected shape (with or without /v1). */
export const BASE_URL_EXAMPLES: Record<ProviderKindApi, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  "openai-compatible": "http://vllm.internal:8000/v1",
};
