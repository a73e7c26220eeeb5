/** One dispatched Server-Sent Event. `id` is the id field of this event's block, if it had one. */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

const LF = 10;

/**
 * Incremental text/event-stream parser (WHATWG HTML "event stream interpretation").
 *
 * Feed decoded text in arbitrary pieces; lines may end in LF, CRLF or a lone CR, and a CRLF split
 * across two chunks is still one line ending. Decode bytes with a streaming TextDecoder
 * (`decode(bytes, { stream: true })`) so multi-byte characters split across network reads survive.
 *
 * Deviations from the browser algorithm, on purpose for a proxy:
 * - `id` is reported per event block instead of being sticky across events.
 * - `retry` is ignored.
 * - `flush()` dispatches a final event that lacks its terminating blank line (several upstreams end
 *   the stream right after `data: [DONE]\n`); browsers would drop it.
 */
export class SseParser {
  /** Unterminated tail of the previous chunk (contains no CR or LF). */
  private pending = "";
  /** Previous chunk ended in CR: a leading LF in the next chunk belongs to that line ending. */
  private skipLf = false;
  private started = false;
  private data = "";
  private hasData = false;
  private eventType: string | undefined = undefined;
  private id: string | undefined = undefined;

  push(chunk: string): SseEvent[] {
    const out: SseEvent[] = [];
    if (chunk.length === 0) return out;
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let pos = 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    const len = text.length;
    let lineStart = pos;
    let nextLf = text.indexOf("\n", pos);
    let nextCr = text.indexOf("\r", pos);
    while (nextLf !== -1 || nextCr !== -1) {
      let end: number;
      let next: number;
      if (nextCr === -1 || (nextLf !== -1 && nextLf < nextCr)) {
        end = nextLf;
        next = end + 1;
      } else {
        end = nextCr;
        if (end + 1 < len) {
          next = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        } else {
          next = end + 1;
          this.skipLf = true;
        }
      }
      let line = text.slice(lineStart, end);
      if (this.pending.length > 0) {
        line = this.pending + line;
        this.pending = "";
      }
      this.processLine(line, out);
      lineStart = next;
      if (nextLf !== -1 && nextLf < next) nextLf = text.indexOf("\n", next);
      if (nextCr !== -1 && nextCr < next) nextCr = text.indexOf("\r", next);
    }
    if (lineStart < len) this.pending += text.slice(lineStart);
    return out;
  }

  /** End of stream: treat an unterminated last line as complete and dispatch a pending event. */
  flush(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.pending.length > 0) {
      const line = this.pending;
      this.pending = "";
      this.processLine(line, out);
    }
    this.processLine("", out);
    this.skipLf = false;
    return out;
  }

  private processLine(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      if (this.hasData) {
        const ev: SseEvent = { data: this.data };
        if (this.eventType !== undefined) ev.event = this.eventType;
        if (this.id !== undefined) ev.id = this.id;
        out.push(ev);
      }
      this.data = "";
      this.hasData = false;
      this.eventType = undefined;
      this.id = undefined;
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0) return; // comment / keep-alive
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = "";
    } else {
      field = line.slice(0, colon);
      const start = line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      value = line.slice(start);
    }
    switch (field) {
      case "data":
        if (this.hasData) this.data += "\n" + value;
        else {
          this.data = value;
          this.hasData = true;
        }
        break;
      case "event":
        this.eventType = value;
        break;
      case "id":
        if (value.indexOf("\0") === -1) this.id = value;
        break;
      default:
        break; // retry and unknown fields
    }
  }
}

/**
 * Serialises one event. Multi-line data becomes several `data:` lines so the receiver reassembles
 * it exactly; JSON.stringify output never contains raw newlines, so that path is a single concat.
 */
export function formatSse(data: string, event?: string): string {
  const head = event === undefined ? "" : `event: ${event}\n`;
  if (data.indexOf("\n") === -1 && data.indexOf("\r") === -1) return `${head}data: ${data}\n\n`;
  return `${head}data: ${data.split(/\r\n|\r|\n/).join("\ndata: ")}\n\n`;
}
