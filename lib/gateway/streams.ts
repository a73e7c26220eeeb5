import type { SseEvent } from "@/lib/providers/sse";
import { AnthropicToOpenAIStream } from "@/lib/providers/translate/openai-to-anthropic";
import { OpenAIToAnthropicStream } from "@/lib/providers/translate/anthropic-to-openai";
import type { StreamUsage } from "@/lib/providers/translate/types";

export type Protocol = "openai" | "anthropic";

/** Turns upstream SSE events into the client's SSE strings, whatever the two protocols, and keeps the
 * accounting facts: usage (when the upstream sent it), output text length (for estimating when it did not),
 * whether any content reached the client yet, and whether the stream failed. */
export interface StreamAdapter {
  push(ev: SseEvent): string[];
  end(): string[];
  abort(message: string): string[];
  readonly usage: StreamUsage | null;
  readonly failed: boolean;
  /** true once the upstream sent its own end marker ([DONE] / message_stop) */
  readonly complete: boolean;
  outputChars: number;
}

const DONE = "data: [DONE]\n\n";

/** OpenAI in, OpenAI out: chunks pass through with the public model name; the usage-only chunk we asked for
 * upstream is dropped unless the client asked for it too. */
class OpenAIPassthrough implements StreamAdapter {
  usage: StreamUsage | null = null;
  failed = false;
  complete = false;
  outputChars = 0;
  constructor(private readonly publicModel: string, private readonly includeUsage: boolean, private readonly scrub: (t: string) => string) {}

  push(ev: SseEvent): string[] {
    if (ev.data === "[DONE]") {
      this.complete = true;
      return [];
    }
    let chunk: { model?: string; choices?: { delta?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } } | null; error?: unknown };
    try {
      chunk = JSON.parse(ev.data);
    } catch {
      return [];
    }
    if (chunk.error) {
      this.failed = true;
      return [`data: ${this.scrub(ev.data)}\n\n`];
    }
    for (const c of chunk.choices ?? []) {
      this.outputChars += c.delta?.content?.length ?? 0;
      for (const t of c.delta?.tool_calls ?? []) this.outputChars += t.function?.arguments?.length ?? 0;
    }
    if (chunk.usage) {
      this.usage = {
        inputTokens: chunk.usage.prompt_tokens ?? 0,
        outputTokens: chunk.usage.completion_tokens ?? 0,
        cacheReadInputTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
        cacheCreationInputTokens: 0,
      };
      if (!this.includeUsage && (chunk.choices?.length ?? 0) === 0) return [];
      if (!this.includeUsage) delete chunk.usage;
    } else if (!this.includeUsage && "usage" in chunk) {
      delete chunk.usage;
    }
    chunk.model = this.publicModel;
    return [`data: ${JSON.stringify(chunk)}\n\n`];
  }

  end(): string[] {
    return [DONE];
  }

  abort(message: string): string[] {
    this.failed = true;
    return [`data: ${JSON.stringify({ error: { message, type: "api_error", code: "upstream_stream_error" } })}\n\n`];
  }
}

/** Anthropic in, Anthropic out: events pass through; message_start gets the public model name. */
class AnthropicPassthrough implements StreamAdapter {
  usage: StreamUsage | null = null;
  failed = false;
  complete = false;
  outputChars = 0;
  constructor(private readonly publicModel: string, private readonly scrub: (t: string) => string) {}

  push(ev: SseEvent): string[] {
    const type = ev.event;
    if (type === "ping") return [`event: ping\ndata: ${ev.data}\n\n`];
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return [];
    }
    const kind = (type ?? data.type) as string;
    if (kind === "message_start") {
      const msg = data.message as { model?: string; usage?: Record<string, number> };
      msg.model = this.publicModel;
      this.mergeUsage(msg.usage);
    } else if (kind === "message_delta") {
      this.mergeUsage(data.usage as Record<string, number>);
    } else if (kind === "content_block_delta") {
      const d = data.delta as { text?: string; partial_json?: string };
      this.outputChars += (d.text?.length ?? 0) + (d.partial_json?.length ?? 0);
    } else if (kind === "message_stop") {
      this.complete = true;
    } else if (kind === "error") {
      this.failed = true;
      return [`event: error\ndata: ${this.scrub(JSON.stringify(data))}\n\n`];
    }
    return [`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`];
  }

  private mergeUsage(u: Record<string, number> | undefined) {
    if (!u) return;
    const prev = this.usage ?? { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
    const read = u.cache_read_input_tokens ?? prev.cacheReadInputTokens;
    const created = u.cache_creation_input_tokens ?? prev.cacheCreationInputTokens;
    const input = u.input_tokens !== undefined ? u.input_tokens + read + created : prev.inputTokens;
    this.usage = { inputTokens: input, outputTokens: u.output_tokens ?? prev.outputTokens, cacheReadInputTokens: read, cacheCreationInputTokens: created };
  }

  end(): string[] {
    return [];
  }

  abort(message: string): string[] {
    this.failed = true;
    return [`event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "api_error", message } })}\n\n`];
  }
}

/** Anthropic upstream, OpenAI client. */
class AnthropicToOpenAI implements StreamAdapter {
  private readonly t: AnthropicToOpenAIStream;
  outputChars = 0;
  complete = false;
  constructor(publicModel: string, id: string, created: number, includeUsage: boolean, private readonly scrub: (t: string) => string) {
    this.t = new AnthropicToOpenAIStream(publicModel, id, created, includeUsage);
  }
  get usage() {
    return this.t.usage;
  }
  get failed() {
    return this.t.failed;
  }
  push(ev: SseEvent): string[] {
    if (ev.event === "message_stop") this.complete = true;
    if (ev.event === "content_block_delta") this.outputChars += ev.data.length / 2; // rough: only for estimates
    return this.t.push(scrubEvent(ev, this.scrub));
  }
  end() {
    return this.t.end();
  }
  abort(message: string) {
    return this.t.abort(message);
  }
}

/** OpenAI upstream, Anthropic client. */
class OpenAIToAnthropic implements StreamAdapter {
  private readonly t: OpenAIToAnthropicStream;
  outputChars = 0;
  complete = false;
  constructor(publicModel: string, messageId: string, private readonly scrub: (t: string) => string) {
    this.t = new OpenAIToAnthropicStream(publicModel, messageId);
  }
  get usage() {
    return this.t.usage;
  }
  get failed() {
    return this.t.failed;
  }
  push(ev: SseEvent): string[] {
    if (ev.data === "[DONE]") {
      this.complete = true;
      return [];
    }
    this.outputChars += ev.data.length / 4; // rough: only for estimates
    return this.t.pushData(scrubEvent(ev, this.scrub).data);
  }
  end() {
    return this.t.end();
  }
  abort(message: string) {
    return this.t.abort(message);
  }
}

/** Translated error events are rebuilt from the upstream's message text, so scrub what goes in. */
function scrubEvent(ev: SseEvent, scrub: (t: string) => string): SseEvent {
  return ev.event === "error" || ev.data.includes('"error"') ? { ...ev, data: scrub(ev.data) } : ev;
}

export function streamAdapter(
  client: Protocol,
  upstream: Protocol,
  o: { publicModel: string; id: string; created: number; includeUsage: boolean; scrub?: (t: string) => string },
): StreamAdapter {
  const scrub = o.scrub ?? ((t: string) => t);
  if (client === "openai") {
    return upstream === "openai"
      ? new OpenAIPassthrough(o.publicModel, o.includeUsage, scrub)
      : new AnthropicToOpenAI(o.publicModel, o.id, o.created, o.includeUsage, scrub);
  }
  return upstream === "anthropic" ? new AnthropicPassthrough(o.publicModel, scrub) : new OpenAIToAnthropic(o.publicModel, o.id, scrub);
}
