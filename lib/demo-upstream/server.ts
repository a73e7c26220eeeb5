// The demo upstream: a local HTTP server speaking the OpenAI Chat Completions and Anthropic Messages protocols
// with recorded real-model answers, realistic latency and on-demand faults, so the gateway can be demoed and
// tested offline. node:http only; see lib/demo-upstream/data/README.md for the data.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { anthropicError, anthropicModels, anthropicRequestId, countAnthropicTokens, prepareAnthropicMessages } from "./anthropic";
import { loadDemoData, modelFamily, type DemoData } from "./data";
import { FaultQueue, type Fault, type FaultType } from "./faults";
import { openAIError, openAIModels, prepareOpenAIChat, type Invalid, type Prepared } from "./openai";

export { FaultQueue, type Fault, type FaultType } from "./faults";
export { loadDemoData, mmluReferenceLetter, type DemoData } from "./data";

export interface RecordedRequest {
  path: string;
  method: string;
  /** Lower-cased request headers; authorization / x-api-key / api-key values are replaced by their length. */
  headers: Record<string, string | number>;
  /** Parsed JSON body; the raw text when it was not JSON; null when empty. */
  body: unknown;
  at: string;
  /** The fault this request consumed, if any. */
  fault?: FaultType;
}

export interface DemoUpstreamOptions {
  port?: number;
  host?: string;
  /** 1 = realistic latency, 0 = no artificial delay (no timers at all). */
  latencyScale?: number;
  data?: DemoData;
  /** Gzip JSON responses when the client accepts it, as the real vendors' edges do (default true). */
  gzip?: boolean;
  /** Oldest recorded requests are dropped beyond this many, so a long-running demo does not grow (default 1000). */
  maxRecordedRequests?: number;
}

export interface DemoUpstream {
  url: string;
  port: number;
  close(): Promise<void>;
  faults: FaultQueue;
  requests: RecordedRequest[];
}

type Vendor = "openai" | "anthropic";

const TTFB_MS = { gpt4: 120, mixtral: 60 } as const;
const CHUNK_GAP_MS = 15;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SECRET_HEADERS = new Set(["authorization", "x-api-key", "api-key"]);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export async function startDemoUpstream(opts: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const data = opts.data ?? loadDemoData();
  const scale = opts.latencyScale ?? 1;
  const gzip = opts.gzip ?? true;
  const maxRecorded = opts.maxRecordedRequests ?? 1000;
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const pending = new Map<NodeJS.Timeout, () => void>();
  let closing = false;

  /** Resolves after ms; with ms <= 0 resolves without a timer. Server close releases every waiter. */
  const wait = (ms: number): Promise<void> | void => {
    if (ms <= 0 || closing) return;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        pending.delete(t);
        resolve();
      }, ms);
      pending.set(t, resolve);
    });
  };
  // Artificial latency with +-25% jitter, so demo latency charts have a spread.
  const latency = (ms: number) => (scale > 0 ? ms * scale * (0.75 + Math.random() * 0.5) : 0);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`[demo-upstream] ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent) sendJson(req, res, 500, { error: { message: "demo upstream internal error", type: "server_error", param: null, code: null } }, {}, false);
      else res.destroy();
    });
  });

  function sendJson(req: http.IncomingMessage, res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string>, compress = gzip) {
    let buf = Buffer.from(JSON.stringify(payload));
    const h: Record<string, string | number> = { "content-type": "application/json", ...headers };
    if (compress && /\bgzip\b/i.test(String(req.headers["accept-encoding"] ?? ""))) {
      buf = zlib.gzipSync(buf);
      h["content-encoding"] = "gzip";
      h.vary = "Accept-Encoding";
    }
    h["content-length"] = buf.length;
    res.writeHead(status, h);
    res.end(buf);
  }

  function vendorHeaders(vendor: Vendor, started: number, requestId: string, rateLimited?: { retryAfter: number }): Record<string, string> {
    const remaining = rateLimited ? "0" : "9999";
    const reset = rateLimited ? `${rateLimited.retryAfter}s` : "6ms";
    if (vendor === "openai") {
      return {
        "x-request-id": requestId,
        "openai-version": "2020-10-01",
        "openai-organization": "switchyard-demo",
        "openai-processing-ms": String(Date.now() - started),
        "x-ratelimit-limit-requests": "10000",
        "x-ratelimit-remaining-requests": remaining,
        "x-ratelimit-reset-requests": reset,
        "x-ratelimit-limit-tokens": "2000000",
        "x-ratelimit-remaining-tokens": rateLimited ? "0" : "1998000",
        "x-ratelimit-reset-tokens": reset,
      };
    }
    return {
      "request-id": requestId,
      "anthropic-organization-id": "00000000-0000-4000-8000-000000000000",
      "anthropic-ratelimit-requests-limit": "4000",
      "anthropic-ratelimit-requests-remaining": rateLimited ? "0" : "3999",
      "anthropic-ratelimit-requests-reset": new Date(Date.now() + (rateLimited?.retryAfter ?? 0) * 1000).toISOString(),
    };
  }

  const errorBody = (vendor: Vendor, status: number, requestId: string, message?: string) =>
    vendor === "openai" ? openAIError(status, message ? { message } : {}) : anthropicError(status, message, requestId);

  const gone = (res: http.ServerResponse) => closing || res.destroyed || res.socket === null || res.socket.destroyed;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://demo-upstream.local");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    if (raw === "too_large") {
      sendJson(req, res, 413, { error: "request body too large" }, {}, false);
      return;
    }
    if (path.startsWith("/__control/")) return control(req, res, path, method, raw);

    const vendor: Vendor =
      path.startsWith("/v1/messages") || (path === "/v1/models" && !req.headers.authorization && req.headers["x-api-key"] !== undefined) ? "anthropic" : "openai";
    const requestId = vendor === "openai" ? `req_${crypto.randomBytes(16).toString("hex")}` : anthropicRequestId();
    const headers = (rateLimited?: { retryAfter: number }) => vendorHeaders(vendor, started, requestId, rateLimited);
    // Anthropic error bodies repeat the request-id header.
    const sendApi = (status: number, payload: unknown, extra: Record<string, string> = {}) =>
      sendJson(req, res, status, isRecord(payload) && payload.type === "error" ? { ...payload, request_id: requestId } : payload, { ...headers(), ...extra });
    let body: unknown = null;
    let jsonError = false;
    if (raw.length > 0) {
      const text = raw.toString("utf8");
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        jsonError = true;
      }
    }
    const record: RecordedRequest = { path, method, headers: redactHeaders(req.headers), body, at: new Date(started).toISOString() };
    requests.push(record);
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);

    const generation = method === "POST" && (path === "/v1/chat/completions" || path === "/v1/messages");
    const model = isRecord(body) && typeof body.model === "string" ? body.model : undefined;
    const family = modelFamily(model ?? "");
    const stream = isRecord(body) && body.stream === true;
    const fault = generation ? faults.take(model) : undefined;
    if (fault) {
      record.fault = fault.type;
      switch (fault.type) {
        case "reset":
          req.socket.destroy();
          return;
        case "status": {
          const status = fault.status ?? 500;
          const extra: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
          sendApi(status, errorBody(vendor, status, requestId), extra);
          return;
        }
        case "rate_limit": {
          const retryAfter = fault.retryAfterSeconds ?? 1;
          const message = vendor === "openai" ? `Rate limit reached for ${model ?? "requests"} on requests per min (RPM). Please try again in ${retryAfter}s.` : undefined;
          sendApi(429, errorBody(vendor, 429, requestId, message), { ...headers({ retryAfter }), "retry-after": String(retryAfter) });
          return;
        }
        case "stall": {
          const prepared = stream && !jsonError ? prepare(vendor, body) : undefined;
          const frames = prepared && !("error" in prepared) ? prepared.frames() : [];
          await wait(latency(TTFB_MS[family]));
          if (gone(res)) return;
          res.writeHead(200, stream ? sseHeaders(headers()) : { "content-type": "application/json", ...headers() });
          res.flushHeaders();
          for (const [i, frame] of frames.slice(0, fault.afterChunks ?? 0).entries()) {
            if (i > 0) await wait(latency(CHUNK_GAP_MS));
            if (gone(res)) return;
            res.write(frame);
          }
          return; // silent forever; the socket stays open until the client or close() ends it
        }
        case "slow_first_byte":
          await wait(fault.delayMs ?? 5000);
          if (gone(res)) return;
          break;
      }
    }

    const auth = authError(vendor, req, path);
    if (auth) {
      sendApi(auth.status, auth.body);
      return;
    }
    if (jsonError) {
      const message =
        vendor === "openai"
          ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
          : "There was an issue with your request body: invalid JSON.";
      sendApi(400, errorBody(vendor, 400, requestId, message));
      return;
    }

    if (method === "GET" && path === "/v1/models") {
      sendApi(200, vendor === "openai" ? openAIModels() : anthropicModels());
      return;
    }
    if (method === "POST" && path === "/v1/messages/count_tokens") {
      const counted = countAnthropicTokens(body);
      if ("error" in counted) sendApi(counted.error.status, counted.error.body);
      else sendApi(200, counted);
      return;
    }
    if (!generation) {
      const message = vendor === "openai" ? `Invalid URL (${method} ${path})` : "Not Found";
      sendApi(404, errorBody(vendor, 404, requestId, message));
      return;
    }

    const prepared = prepare(vendor, body);
    if ("error" in prepared) {
      sendApi(prepared.error.status, prepared.error.body);
      return;
    }
    if (!prepared.stream) {
      await wait(latency(TTFB_MS[family] + prepared.pieces * CHUNK_GAP_MS));
      if (gone(res)) return;
      sendApi(200, prepared.body());
      return;
    }
    const frames = prepared.frames();
    await wait(latency(TTFB_MS[family]));
    if (gone(res)) return;
    res.writeHead(200, sseHeaders(headers()));
    for (const [i, frame] of frames.entries()) {
      if (i > 0) await wait(latency(CHUNK_GAP_MS));
      if (gone(res)) return;
      res.write(frame);
    }
    res.end();
  }

  function prepare(vendor: Vendor, body: unknown): Prepared | Invalid {
    return vendor === "openai" ? prepareOpenAIChat(data, body) : prepareAnthropicMessages(data, body);
  }

  function sseHeaders(headers: Record<string, string>): Record<string, string> {
    return { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", ...headers };
  }

  function authError(vendor: Vendor, req: http.IncomingMessage, path: string): { status: number; body: unknown } | undefined {
    if (vendor === "openai") {
      const header = req.headers.authorization ?? "";
      if (!/^Bearer\s+\S+/i.test(header)) {
        const message = header
          ? "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys."
          : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
        return { status: 401, body: openAIError(401, { message, code: "invalid_api_key" }) };
      }
      return undefined;
    }
    const key = req.headers["x-api-key"];
    if (typeof key !== "string" || key.trim() === "") return { status: 401, body: anthropicError(401, key === undefined ? "x-api-key header is required" : "invalid x-api-key") };
    // The real API rejects requests without a version header; gateways that forget it must find out here.
    if (path !== "/v1/models" && !req.headers["anthropic-version"]) return { status: 400, body: anthropicError(400, "anthropic-version: header is required") };
    return undefined;
  }

  function control(req: http.IncomingMessage, res: http.ServerResponse, path: string, method: string, raw: Buffer) {
    const reply = (status: number, payload: unknown) => sendJson(req, res, status, payload, {}, false);
    if (path === "/__control/faults") {
      if (method === "GET") return reply(200, faults.list());
      if (method === "DELETE") return reply(200, { cleared: faults.clear() });
      if (method === "POST") {
        try {
          const parsed: unknown = JSON.parse(raw.toString("utf8") || "null");
          const list = Array.isArray(parsed) ? parsed : [parsed];
          faults.push(...(list as Fault[]));
          return reply(201, { queued: list.length, pending: faults.list() });
        } catch (err) {
          return reply(400, { error: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    if (path === "/__control/requests") {
      if (method === "GET") return reply(200, requests);
      if (method === "DELETE") {
        const cleared = requests.length;
        requests.length = 0; // keep the array identity: in-process users hold a reference to it
        return reply(200, { cleared });
      }
    }
    if (path === "/__control/health" && method === "GET") return reply(200, { ok: true, mtBench: data.mtBench.length, mmlu: Object.keys(data.mmlu.byHash).length });
    return reply(404, { error: `unknown control endpoint ${method} ${path}` });
  }

  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    faults,
    requests,
    close: () => {
      closing = true;
      for (const [t, resolve] of pending) {
        clearTimeout(t);
        resolve();
      }
      pending.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Stalled streams never finish on their own.
        server.closeAllConnections();
      });
    },
  };
}

function redactHeaders(headers: http.IncomingHttpHeaders): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const v = Array.isArray(value) ? value.join(", ") : value;
    out[name] = SECRET_HEADERS.has(name) ? v.length : v;
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooLarge ? "too_large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
