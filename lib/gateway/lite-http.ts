// The data plane's request and response types. Web-standard Request/Response objects are expensive to build in
// Node (measured on this machine: `new Request` with a signal ~30 µs, `new Response(text)` ~27 µs, against ~1 µs
// for a Headers object), which is a tenth of a gateway hop's CPU. So the handlers take the subset of Request they
// use (GatewayRequest: a real Request satisfies it, for Next.js route files and tests), and answer JSON with a
// JsonAnswer: headers plus the serialized text, which the launcher's node:http adapter writes in one go and
// toWebResponse() turns into a real Response where one is needed (Next.js route files).
// Headers are plain too: building a Headers object validates every value, and iterating one sorts it (measured
// ~2 µs each way per request), so requests carry RequestHeaders (a `Headers` satisfies it) and answers a record.

/** The request headers the handlers read: a real `Headers`, or the node adapter's plain map. */
export type RequestHeaders = {
  get(name: string): string | null;
  keys(): Iterable<string>;
};

/** Answer headers: lower-case names. */
export type AnswerHeaders = Record<string, string>;

/** What the data-plane handlers read from a request. `Request` has all of it. */
export type GatewayRequest = {
  readonly method: string;
  readonly url: string;
  readonly headers: RequestHeaders;
  readonly signal: AbortSignal;
  text(): Promise<string>;
};

/** Request headers from node's raw list: names lower-cased, repeats joined with ", " (as `Headers.append` does). */
export class PlainHeaders implements RequestHeaders {
  private readonly map: Record<string, string> = Object.create(null) as Record<string, string>;
  constructor(raw: readonly string[]) {
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const prev = this.map[name];
      this.map[name] = prev === undefined ? raw[i + 1]! : `${prev}, ${raw[i + 1]!}`;
    }
  }
  get(name: string): string | null {
    return this.map[name.toLowerCase()] ?? null;
  }
  keys(): Iterable<string> {
    return Object.keys(this.map);
  }
}

/** A whole JSON answer: status, headers and the serialized body. */
export class JsonAnswer {
  readonly ok: boolean;
  constructor(
    readonly raw: string,
    readonly status: number,
    readonly headers: AnswerHeaders,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  async text(): Promise<string> {
    return this.raw;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.raw);
  }
}

/** A streamed answer (SSE): status, headers and the chunks, produced as they are pulled. Stopping early
 * (`chunks.return()`) stops the upstream. */
export class StreamAnswer {
  constructor(
    readonly status: number,
    readonly headers: AnswerHeaders,
    readonly chunks: AsyncGenerator<string>,
  ) {}
}

export type GatewayResponse = Response | JsonAnswer | StreamAnswer;

/** An answer (rather than a handler's intermediate result, e.g. an authenticated key). */
export function isAnswer(x: unknown): x is GatewayResponse {
  return x instanceof JsonAnswer || x instanceof StreamAnswer || x instanceof Response;
}

const encoder = new TextEncoder();

export function toWebResponse(r: GatewayResponse): Response {
  if (r instanceof JsonAnswer) return new Response(r.raw, { status: r.status, headers: r.headers });
  if (r instanceof StreamAnswer) {
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await r.chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await r.chunks.return(undefined);
      },
    });
    return new Response(body, { status: r.status, headers: r.headers });
  }
  return r;
}

/** A request as the node adapter builds it: no Request object, the body already read. */
export function liteRequest(method: string, url: string, headers: RequestHeaders, signal: AbortSignal, body: string | undefined): GatewayRequest {
  const req = { method, url, headers, signal, text: () => Promise.resolve(body ?? "") };
  if (body !== undefined) requestBodies.set(req, body);
  return req;
}

const requestBodies = new WeakMap<object, string>();

/** The body as text: synchronously when the node adapter already read it. */
export function readBodyText(req: GatewayRequest): Promise<string> | string {
  return requestBodies.get(req) ?? req.text();
}

/** The body parsed as JSON, or null when it is not JSON. */
export async function readJsonBody(req: GatewayRequest): Promise<unknown> {
  try {
    return JSON.parse(await readBodyText(req));
  } catch {
    return null;
  }
}

export function jsonResponse(text: string, init: { status: number; headers: AnswerHeaders }): JsonAnswer {
  return new JsonAnswer(text, init.status, init.headers);
}
