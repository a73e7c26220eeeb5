import { describe, expect, it } from "vitest";
import { formatSse, SseParser, type SseEvent } from "@/lib/providers/sse";

// Modelled on a real Anthropic stream, plus the SSE features upstreams actually use: comments as
// keep-alives, an id, a multi-line data field, `data:` without the space, and a non-ASCII payload.
const RECORDED = [
  ": keep-alive",
  "event: message_start",
  'data: {"type":"message_start","message":{"id":"msg_01","usage":{"input_tokens":25,"output_tokens":1}}}',
  "",
  "event: ping",
  'data: {"type": "ping"}',
  "",
  "id: 7",
  "event: content_block_delta",
  'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Grüße 👋"}}',
  "",
  ":",
  "data:line one",
  "data: line two",
  "",
  "event: message_stop",
  'data: {"type":"message_stop"}',
  "",
  "",
].join("\n");

const EXPECTED: SseEvent[] = [
  {
    event: "message_start",
    data: '{"type":"message_start","message":{"id":"msg_01","usage":{"input_tokens":25,"output_tokens":1}}}',
  },
  { event: "ping", data: '{"type": "ping"}' },
  {
    event: "content_block_delta",
    id: "7",
    data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Grüße 👋"}}',
  },
  { data: "line one\nline two" },
  { event: "message_stop", data: '{"type":"message_stop"}' },
];

function parseAll(chunks: string[]): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.flush());
  return out;
}

const VARIANTS = [
  ["LF", RECORDED],
  ["CRLF", RECORDED.replace(/\n/g, "\r\n")],
  ["CR", RECORDED.replace(/\n/g, "\r")],
] as const;

describe("SseParser", () => {
  it.each(VARIANTS)("parses a whole %s stream", (_name, text) => {
    expect(parseAll([text])).toEqual(EXPECTED);
  });

  it.each(VARIANTS)("gives the same events for a %s stream split at every offset", (_name, text) => {
    for (let i = 0; i <= text.length; i++) {
      expect(parseAll([text.slice(0, i), text.slice(i)]), `split at ${i}`).toEqual(EXPECTED);
    }
  });

  it.each(VARIANTS)("gives the same events for a %s stream fed one character at a time", (_name, text) => {
    expect(parseAll(text.split(""))).toEqual(EXPECTED);
  });

  it("survives network reads split at every byte offset when decoded in streaming mode", () => {
    const bytes = new TextEncoder().encode(RECORDED.replace(/\n/g, "\r\n"));
    for (let i = 0; i <= bytes.length; i++) {
      const decoder = new TextDecoder();
      const chunks = [
        decoder.decode(bytes.subarray(0, i), { stream: true }),
        decoder.decode(bytes.subarray(i), { stream: true }),
        decoder.decode(),
      ];
      expect(parseAll(chunks), `split at byte ${i}`).toEqual(EXPECTED);
    }
  });

  it("gives the same events split at every pair of offsets", () => {
    const text = RECORDED.replace(/\n/g, "\r\n").slice(0, 260);
    const expected = parseAll([text]);
    for (let i = 0; i <= text.length; i += 3) {
      for (let j = i; j <= text.length; j += 5) {
        expect(parseAll([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(expected);
      }
    }
  });

  it.each<[string, string, SseEvent[]]>([
    ["a BOM before the first field", "\uFEFFdata: x\n\n", [{ data: "x" }]],
    ["a field without a colon (empty data)", "data\n\n", [{ data: "" }]],
    ["an empty data line", "data:\n\n", [{ data: "" }]],
    ["only the first space after the colon stripped", "data:  two spaces\n\n", [{ data: " two spaces" }]],
    ["events without data are not dispatched", "event: ping\n\n", []],
    ["retry and unknown fields ignored", "retry: 10\nfoo: bar\ndata: x\n\n", [{ data: "x" }]],
    ["the event name reset after each event", "event: a\ndata: 1\n\ndata: 2\n\n", [{ event: "a", data: "1" }, { data: "2" }]],
    ["ids are per event", "id: 1\ndata: a\n\ndata: b\n\n", [{ id: "1", data: "a" }, { data: "b" }]],
    ["an id containing NUL ignored", "id: a\0b\ndata: x\n\n", [{ data: "x" }]],
    ["blank lines between events", "\n\n\ndata: x\n\n\n\n", [{ data: "x" }]],
  ])("handles %s", (_name, text, expected) => {
    expect(parseAll([text])).toEqual(expected);
  });

  it("returns complete events from push and keeps the incomplete tail", () => {
    const p = new SseParser();
    expect(p.push('data: {"a":1}\n\ndata: {"b"')).toEqual([{ data: '{"a":1}' }]);
    expect(p.push(":2}\n")).toEqual([]);
    expect(p.push("\n")).toEqual([{ data: '{"b":2}' }]);
    expect(p.flush()).toEqual([]);
  });

  it("flush dispatches a last event whose blank line never came", () => {
    const p = new SseParser();
    expect(p.push("data: [DONE]")).toEqual([]);
    expect(p.flush()).toEqual([{ data: "[DONE]" }]);
    expect(p.flush()).toEqual([]);
  });
});

describe("formatSse", () => {
  it.each<[string, string, string | undefined, string]>([
    ["data only", '{"a":1}', undefined, 'data: {"a":1}\n\n'],
    ["with an event name", '{"type":"ping"}', "ping", 'event: ping\ndata: {"type":"ping"}\n\n'],
    ["multi-line data", "a\nb\r\nc", undefined, "data: a\ndata: b\ndata: c\n\n"],
  ])("formats %s", (_name, data, event, expected) => {
    expect(formatSse(data, event)).toBe(expected);
  });

  it("round-trips through the parser", () => {
    const text = formatSse("x\ny", "e") + formatSse("[DONE]");
    expect(parseAll([text])).toEqual([{ event: "e", data: "x\ny" }, { data: "[DONE]" }]);
  });
});
