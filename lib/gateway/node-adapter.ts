import type http from "node:http";
import { JsonAnswer, liteRequest, PlainHeaders, StreamAnswer, type GatewayRequest, type GatewayResponse } from "@/lib/gateway/lite-http";

// The data plane served straight from node:http, ahead of Next.js: the same handlers the app/api/route files
// export, without Next's per-request routing work (measured: bench/gateway.ts), and without building Web
// Request objects or reading JSON answers back out of Response streams (lite-http.ts).
// A client that disconnects aborts `request.signal`, as Next does.

export type WebHandler = (req: GatewayRequest) => Promise<GatewayResponse> | GatewayResponse;

/** Request bodies are small JSON documents: read them whole (one Buffer) rather than as a web stream. */
function readBody(req: http.IncomingMessage, limit = 32 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function toGatewayRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<GatewayRequest> {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const headers = new PlainHeaders(req.rawHeaders);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = hasBody ? (await readBody(req)).toString("utf8") : undefined;
  return liteRequest(req.method ?? "GET", `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, headers, abort.signal, body);
}

function plainHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => (out[k] = v));
  return out;
}

/** Waits until the socket takes more (backpressure from a slow client), or is gone. */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((r) => {
    res.once("drain", r);
    res.once("close", r); // a client gone while backpressured never drains
  });
}

export async function writeGatewayResponse(response: GatewayResponse, res: http.ServerResponse, signal: AbortSignal): Promise<void> {
  const headers = response instanceof Response ? plainHeaders(response.headers) : response.headers;
  if (response instanceof StreamAnswer) {
    // Straight from the engine's generator to the socket: no web stream in between.
    res.writeHead(response.status, headers);
    try {
      for await (const chunk of response.chunks) {
        if (res.destroyed) break; // leaving the loop returns the generator: the engine stops the upstream
        if (!res.write(chunk)) await drained(res);
      }
    } finally {
      res.end();
    }
    return;
  }
  if (response instanceof JsonAnswer || !response.body || !headers["content-type"]?.startsWith("text/event-stream")) {
    // Whole answers go out in one write (headers + body): on loopback the syscalls are most of the cost.
    const body = response instanceof JsonAnswer ? Buffer.from(response.raw) : response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
    res.writeHead(response.status, { ...headers, "content-length": String(body?.length ?? 0) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // Respect backpressure from slow clients instead of buffering the whole stream in memory.
      if (res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
  } finally {
    res.end();
  }
}

/** A node:http listener for `routes` ("METHOD /path"); returns false when the path is not one of them. */
export function nodeListener(routes: Record<string, WebHandler>) {
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const path = (req.url ?? "/").split("?")[0];
    const route = routes[`${req.method} ${path}`];
    if (!route) return false;
    void (async () => {
      try {
        const request = await toGatewayRequest(req, res);
        await writeGatewayResponse(await route(request), res, request.signal);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "Internal error", type: "api_error" } }));
        void err;
      }
    })();
    return true;
  };
}
