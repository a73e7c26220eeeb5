import { describe, expect, it } from "vitest";
import { OpenAIToAnthropicStream, toOpenAIRequest } from "@/lib/providers/translate/anthropic-to-openai";
import { AnthropicToOpenAIStream, toAnthropicRequest } from "@/lib/providers/translate/openai-to-anthropic";
import {
  ANTHROPIC_TEXT_STREAM,
  ANTHROPIC_TOOL_STREAM,
  OPENAI_TOOL_STREAM,
  parseSse,
  rebuildAnthropic,
  rebuildOpenAI,
} from "@/lib/providers/translate/stream-fixtures";
import type { OpenAIChatRequest, OpenAIMessage } from "@/lib/providers/translate/types";

/** Deterministic PRNG so a failing case is reproducible from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["hello", "wörld", "🚀", 'quote "x"', "line\nbreak", "  spaced ", "{json?}", "tab\there"];

function randomConversation(seed: number): OpenAIChatRequest {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const text = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(WORDS)).join(" ");
  const messages: OpenAIMessage[] = [];
  if (rnd() < 0.5) messages.push({ role: "system", content: text() });
  let callId = 0;
  const turns = 1 + Math.floor(rnd() * 6);
  for (let t = 0; t < turns; t++) {
    // One or two user messages in a row (the second gets merged on the way to Anthropic).
    const users = rnd() < 0.3 ? 2 : 1;
    for (let u = 0; u < users; u++) {
      messages.push(rnd() < 0.5 ? { role: "user", content: text() } : { role: "user", content: [{ type: "text", text: text() }, { type: "text", text: text() }] });
    }
    if (t === turns - 1 && rnd() < 0.5) break;
    const calls = rnd() < 0.5 ? Math.floor(rnd() * 3) + 1 : 0;
    const toolCalls = Array.from({ length: calls }, () => ({
      id: `call_${seed}_${callId++}`,
      type: "function" as const,
      function: { name: pick(["get_weather", "now", "search"]), arguments: JSON.stringify({ q: text(), n: Math.floor(rnd() * 100) }) },
    }));
    const hasText = calls === 0 || rnd() < 0.5;
    messages.push({ role: "assistant", content: hasText ? text() : null, ...(calls > 0 ? { tool_calls: toolCalls } : {}) });
    for (const c of toolCalls) messages.push({ role: "tool", tool_call_id: c.id, content: text() });
  }
  return { model: "public", messages, tools: [{ type: "function", function: { name: "get_weather" } }] };
}

type Atom =
  | { kind: "system"; text: string }
  | { kind: "text"; role: string; text: string }
  | { kind: "call"; id: string; name: string; input: unknown }
  | { kind: "result"; id: string; text: string };

/** The meaning of a conversation, independent of how it is split into messages and parts. */
function atoms(messages: OpenAIMessage[]): Atom[] {
  const out: Atom[] = [];
  const system: string[] = [];
  for (const m of messages) {
    if (m.role === "system" || m.role === "developer") {
      system.push(typeof m.content === "string" ? m.content : m.content.map((p) => p.text).join(""));
    } else if (m.role === "user" || m.role === "assistant") {
      const c = m.content;
      if (typeof c === "string") out.push({ kind: "text", role: m.role, text: c });
      else if (Array.isArray(c)) for (const p of c) if (p.type === "text") out.push({ kind: "text", role: m.role, text: p.text });
      if (m.role === "assistant") {
        for (const tc of m.tool_calls ?? []) out.push({ kind: "call", id: tc.id, name: tc.function.name, input: JSON.parse(tc.function.arguments) });
      }
    } else if (m.role === "tool") {
      out.push({ kind: "result", id: m.tool_call_id, text: typeof m.content === "string" ? m.content : m.content.map((p) => p.text).join("") });
    }
  }
  if (system.length > 0) out.unshift({ kind: "system", text: system.join("\n\n") });
  return out;
}

describe("round trip OpenAI request -> Anthropic -> OpenAI", () => {
  it("keeps text and tool calls of 500 random conversations", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const original = randomConversation(seed);
      const anthropic = toAnthropicRequest(original, "claude", 1024);
      // Anthropic's alternation invariant holds after translation.
      for (let i = 1; i < anthropic.messages.length; i++) {
        expect(anthropic.messages[i]?.role, `seed ${seed}`).not.toBe(anthropic.messages[i - 1]?.role);
      }
      const back = toOpenAIRequest(anthropic, "gpt");
      expect(atoms(back.messages), `seed ${seed}`).toEqual(atoms(original.messages));
    }
  });

  it("keeps sampling parameters and tools", () => {
    const original: OpenAIChatRequest = {
      model: "public",
      messages: [{ role: "user", content: "x" }],
      max_tokens: 77,
      temperature: 0.4,
      top_p: 0.9,
      stop: ["a", "b"],
      user: "u1",
      tools: [{ type: "function", function: { name: "f", description: "d", parameters: { type: "object", properties: {} } } }],
      tool_choice: { type: "function", function: { name: "f" } },
      parallel_tool_calls: false,
    };
    const back = toOpenAIRequest(toAnthropicRequest(original, "claude", 1), "gpt");
    expect(back).toEqual({ ...original, model: "gpt" });
  });
});

describe("round trip of streams", () => {
  it.each([
    ["text", ANTHROPIC_TEXT_STREAM],
    ["tool use", ANTHROPIC_TOOL_STREAM],
  ])("Anthropic -> OpenAI -> Anthropic rebuilds the same %s message", (_name, text) => {
    const toOpenAI = new AnthropicToOpenAIStream("p", "chatcmpl-rt", 0, true);
    const lines: string[] = [];
    for (const ev of parseSse(text)) lines.push(...toOpenAI.push(ev));
    lines.push(...toOpenAI.end());

    const toAnthropic = new OpenAIToAnthropicStream("p", "msg_rt");
    const events: string[] = [];
    for (const ev of parseSse(lines.join(""))) events.push(...toAnthropic.pushData(ev.data));
    events.push(...toAnthropic.end());

    const original = rebuildAnthropic([text]);
    const final = rebuildAnthropic(events);
    const visible = (blocks: Record<string, unknown>[]) => blocks.filter((b) => b && b.type !== "thinking");
    expect(final.blocks).toEqual(visible(original.blocks));
    expect(final.stopReason).toBe(original.stopReason);
    expect(final.usage.output_tokens).toBe(original.usage.output_tokens);
    expect(toAnthropic.usage?.inputTokens).toBe(toOpenAI.usage?.inputTokens);
  });

  it("OpenAI -> Anthropic -> OpenAI rebuilds the same tool calls", () => {
    const toAnthropic = new OpenAIToAnthropicStream("p", "msg_rt");
    const events: string[] = [];
    for (const ev of parseSse(OPENAI_TOOL_STREAM)) events.push(...toAnthropic.pushData(ev.data));
    events.push(...toAnthropic.end());

    const toOpenAI = new AnthropicToOpenAIStream("p", "chatcmpl-rt", 0, true);
    const lines: string[] = [];
    for (const ev of parseSse(events.join(""))) lines.push(...toOpenAI.push(ev));
    lines.push(...toOpenAI.end());

    const original = rebuildOpenAI(parseSse(OPENAI_TOOL_STREAM).map((e) => `data: ${e.data}\n\n`));
    const final = rebuildOpenAI(lines);
    expect(final.content).toBe(original.content);
    expect(final.toolCalls).toEqual(original.toolCalls);
    expect(final.finishReason).toBe(original.finishReason);
    expect(final.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 1024 } });
  });
});
