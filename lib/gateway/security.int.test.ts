import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { logWriter } from "@/lib/gateway/log-writer";
import { hashApiKey } from "@/lib/gateway/snapshot";
import { makeModel, makeProvider, makeTeam, uid } from "@/lib/testing/factories";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { serveRoutes } from "@/lib/testing/serve";

// Proves the "Security" table of docs/RELIABILITY.md for the data plane: smuggled upstream URLs (LiteLLM
// CVE-2024-6587), fuzzed auth (CVE-2026-42208), key leaks, request-time SSRF guard and redirects.
// A "canary" is a listener that must never be reached; it counts every TCP connection it accepts.

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
const closers: (() => Promise<void>)[] = [];

type TestModel = { id: string; name: string; upstreamModel: string };

// ---------- helpers ----------

/** Reload the gateway snapshot so it sees the rows just written. load() joins a load already in flight (the
 * 500 ms version poll may have started one mid-way through our inserts), so the second call is the fresh one. */
async function reloadConfig() {
  await gatewayConfig().load();
  await gatewayConfig().load();
}

/** A TCP listener that counts connections and drops them. */
async function startCanary(host = "127.0.0.1") {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { port, url: `http://${host}:${port}`, connections: () => connections };
}

/** A one-handler HTTP vendor on 127.0.0.1 (allowlisted in tests) that counts requests. */
async function startVendor(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    req.resume();
    req.on("end", () => handle(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  closers.push(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));
  return { url: `http://127.0.0.1:${port}`, hits: () => hits };
}

async function modelOn(baseUrl: string, o: { kind?: "openai" | "anthropic"; apiKey?: string } = {}): Promise<TestModel> {
  const provider = await makeProvider({ baseUrl, kind: o.kind ?? "openai", apiKey: o.apiKey });
  const upstreamModel = o.kind === "anthropic" ? `claude-${uid("m")}` : `gpt-4-${uid("m")}`;
  const model = await makeModel({ providerId: provider.id, upstreamModel });
  return { id: model.id, name: model.name, upstreamModel };
}

async function teamFor(defaults: TestModel[]) {
  const t = await makeTeam({ defaults: defaults.map((m) => m.id) });
  await reloadConfig();
  return { key: t.key, teamId: t.team.id, apiKeyCount: () => prisma.apiKey.count({ where: { teamId: t.team.id } }) };
}

const CHAT = "/api/route/v1/chat/completions";
const MESSAGES = "/api/route/v1/messages";

function post(path: string, headers: Record<string, string>, body: unknown) {
  return fetch(`${app.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string; request_id: string } };
type AnthropicErrorBody = { type: "error"; error: { type: string; message: string }; request_id: string };

/** The gateway answered in the OpenAI error shape, with the request id in body and header. */
async function expectOpenAIError(res: Response, status: number, code: string): Promise<OpenAIErrorBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as OpenAIErrorBody;
  expect(body.error).toMatchObject({ code, type: expect.any(String), message: expect.any(String) });
  expect(res.headers.get("x-switchyard-request-id")).toMatch(/^req_[0-9a-f]{24}$/);
  expect(body.error.request_id).toBe(res.headers.get("x-switchyard-request-id"));
  return body;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hello = [{ role: "user", content: "Hello there" }];
/** A header value carrying raw UTF-8 bytes (fetch sends header strings as Latin-1 bytes). */
const utf8Bytes = (s: string) => Buffer.from(s, "utf8").toString("latin1");

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  app = await serveRoutes(GATEWAY_ROUTES);
});

afterAll(async () => {
  await app?.close();
  await upstream?.close();
  for (const close of closers) await close();
});

// ---------- caller-supplied upstream URLs (LiteLLM CVE-2024-6587 and its returns) ----------

describe("smuggled upstream URLs", () => {
  it("api_base / base_url / baseURL in body or headers -> 400 in the caller's error shape; nothing is contacted", async () => {
    const canary = await startCanary();
    const C = `${canary.url}/v1`;
    const m = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([m]);
    const auth = { authorization: `Bearer ${t.key}` };
    const base = { model: m.name, messages: hello };

    const bodies: Record<string, unknown>[] = [
      { api_base: C },
      { base_url: C },
      { baseURL: C },
      { API_BASE: C },
      { Base_Url: C },
      { "api-base": C },
      { apiBase: C },
      { api_url: C },
      { metadata: { api_base: C } },
      { metadata: { task: "chat", nested: [{ deeper: { BaseURL: C } }] } },
      { extra_body: { base_url: C } },
      { litellm_params: { api_base: C } },
      { messages: [{ role: "user", content: "hi", base_url: C }] },
      { tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {} } }, api_base: C }] },
      { stream: true, stream_options: { include_usage: true, baseUrl: C } },
    ];
    const headers: Record<string, string>[] = [{ "x-api-base": C }, { "api-base": C }, { "x-base-url": C }, { base_url: C }, { "X-LiteLLM-Api-Base": C }, { "openai-base-url": C }];
    const before = upstream.requests.length;

    for (const extra of bodies) {
      const res = await post(CHAT, auth, { ...base, ...extra });
      const body = await expectOpenAIError(res, 400, "forbidden_parameter");
      expect(body.error.type).toBe("invalid_request_error");
      expect(body.error.param, JSON.stringify(extra)).toBeTruthy();
    }
    for (const h of headers) {
      const res = await post(CHAT, { ...auth, ...h }, base);
      await expectOpenAIError(res, 400, "forbidden_parameter");
    }
    // The same on the Anthropic protocol, in the Anthropic error shape.
    const anthropicBase = { model: m.name, max_tokens: 100, messages: hello };
    const anthropicCases: [Record<string, string>, Record<string, unknown>][] = [
      [{}, { api_base: C }],
      [{}, { metadata: { user_id: "u1", base_url: C } }],
      [{}, { system: [{ type: "text", text: "Be brief.", baseURL: C }] }],
      [{ "x-api-base": C }, {}],
    ];
    for (const [h, extra] of anthropicCases) {
      const res = await post(MESSAGES, { "x-api-key": t.key, "anthropic-version": "2023-06-01", ...h }, { ...anthropicBase, ...extra });
      expect(res.status).toBe(400);
      const body = (await res.json()) as AnthropicErrorBody;
      expect(body).toMatchObject({ type: "error", error: { type: "invalid_request_error", message: expect.any(String) } });
      expect(body.request_id).toBe(res.headers.get("x-switchyard-request-id"));
      expect(body.request_id).toMatch(/^req_/);
    }

    await sleep(200); // room for any stray connection attempt to land
    expect(canary.connections()).toBe(0);
    expect(upstream.requests.length).toBe(before);

    // Control: the same request without the smuggled field does reach the (real) upstream.
    const ok = await post(CHAT, auth, base);
    expect(ok.status).toBe(200);
    expect(upstream.requests.length).toBe(before + 1);
    expect(canary.connections()).toBe(0);
  });

  it("a forbidden key nested 40 levels deep is refused too (no depth at which the check gives up)", async () => {
    const canary = await startCanary();
    const m = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([m]);
    let deep: Record<string, unknown> = { api_base: `${canary.url}/v1` };
    for (let i = 0; i < 40; i++) deep = { x: deep };
    const before = upstream.requests.length;

    const res = await post(CHAT, { authorization: `Bearer ${t.key}` }, { model: m.name, messages: hello, metadata: deep });
    expect(res.status).toBe(400);
    expect(upstream.requests.length).toBe(before);
    expect(canary.connections()).toBe(0);
  });
});

// ---------- fuzzed Authorization (LiteLLM CVE-2026-42208: pre-auth SQL injection in key lookup) ----------

describe("fuzzed Authorization", () => {
  it("every malformed, forged, revoked or expired key -> 401 in the OpenAI shape, never 500; the valid key still works", async () => {
    const m = await modelOn(`${upstream.url}/v1`);
    const t = await teamFor([m]);
    const revoked = `sy-${crypto.randomBytes(24).toString("base64url")}`;
    const expired = `sy-${crypto.randomBytes(24).toString("base64url")}`;
    await prisma.apiKey.create({ data: { teamId: t.teamId, name: "revoked", keyHash: hashApiKey(revoked), prefix: revoked.slice(0, 8), revokedAt: new Date() } });
    await prisma.apiKey.create({ data: { teamId: t.teamId, name: "expired", keyHash: hashApiKey(expired), prefix: expired.slice(0, 8), expiresAt: new Date(Date.now() - 60_000) } });
    await reloadConfig();
    const keysBefore = await prisma.apiKey.count();

    const junk = crypto.randomBytes(48).toString("base64");
    const cases: [string, Record<string, string>][] = [
      ["missing", {}],
      ["empty", { authorization: "" }],
      ["Bearer", { authorization: "Bearer" }],
      ["Bearer + spaces", { authorization: "Bearer      " }],
      ["Bearer junk", { authorization: `Bearer ${junk}` }],
      ["sql: ' OR '1'='1", { authorization: "Bearer ' OR '1'='1" }],
      ["sql: drop table", { authorization: 'Bearer "; DROP TABLE api_keys; --' }],
      ["sql: union", { authorization: "Bearer x' UNION SELECT key_hash FROM api_keys --" }],
      ["sql without Bearer", { authorization: "' OR '1'='1" }],
      ["key hash as key", { authorization: `Bearer ${hashApiKey(t.key)}` }],
      ["key prefix only", { authorization: `Bearer ${t.key.slice(0, 8)}` }],
      ["key + suffix", { authorization: `Bearer ${t.key}x` }],
      ["key upper-cased", { authorization: `Bearer ${t.key.toUpperCase()}` }],
      ["revoked key", { authorization: `Bearer ${revoked}` }],
      ["expired key", { authorization: `Bearer ${expired}` }],
      ["10 KB key", { authorization: `Bearer ${"k".repeat(10 * 1024)}` }],
      ["10 KB sql", { authorization: `Bearer ${"' OR 1=1 -- ".repeat(900)}` }],
      ["latin-1", { authorization: "Bearer clé-ñ-ü" }],
      ["utf-8 bytes", { authorization: utf8Bytes("Bearer ключ-🔑-鍵") }],
      ["Basic auth with the valid key", { authorization: `Basic ${Buffer.from(`${t.key}:`).toString("base64")}` }],
      ["Token scheme with the valid key", { authorization: `Token ${t.key}` }],
      ["valid key in proxy-authorization", { "proxy-authorization": `Bearer ${t.key}` }],
      ["valid key in authorisation", { authorisation: `Bearer ${t.key}` }],
      ["valid key in api-key", { "api-key": t.key }],
      ["junk x-api-key", { "x-api-key": "' OR '1'='1" }],
    ];

    for (const [name, headers] of cases) {
      const res = await post(CHAT, headers, { model: m.name, messages: hello });
      expect(res.status, name).toBe(401);
      const body = (await res.json()) as OpenAIErrorBody;
      expect(body.error, name).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key", message: expect.any(String) });
      expect(body.error.request_id, name).toBe(res.headers.get("x-switchyard-request-id"));
    }
    // The Anthropic endpoint answers auth failures in its own shape.
    const anthropicCases: Record<string, string>[] = [{}, { "x-api-key": "' OR '1'='1" }, { "x-api-key": revoked }, { authorization: "Bearer ' OR '1'='1" }];
    for (const headers of anthropicCases) {
      const res = await post(MESSAGES, { "anthropic-version": "2023-06-01", ...headers }, { model: m.name, max_tokens: 50, messages: hello });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    }

    // Tables intact, nothing was minted or dropped, and the real key still works.
    expect(await prisma.apiKey.count()).toBe(keysBefore);
    expect(await t.apiKeyCount()).toBe(3);
    const ok = await post(CHAT, { authorization: `Bearer ${t.key}` }, { model: m.name, messages: hello });
    expect(ok.status).toBe(200);
  });
});

// ---------- canary secrets: provider and team keys never leak (LiteLLM key leaks) ----------

describe("canary secrets", () => {
  /** Everything written to stdout/stderr while `fn` runs (the gateway's logs included). */
  async function captureOutput(fn: () => Promise<void>): Promise<string> {
    const out: string[] = [];
    const orig = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    const tap = (orig: typeof process.stdout.write) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        out.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = tap(orig.out);
    process.stderr.write = tap(orig.err);
    try {
      await fn();
      await logWriter().flush();
    } finally {
      process.stdout.write = orig.out;
      process.stderr.write = orig.err;
    }
    return out.join("");
  }

  const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

  it("the provider keys and the team key reach only the upstream: not responses, log rows, audit, evaluations or logs", async () => {
    const openaiKey = `sk-canary-${crypto.randomBytes(12).toString("hex")}`;
    const anthropicKey = `sk-ant-canary-${crypto.randomBytes(12).toString("hex")}`;
    const gpt = await modelOn(`${upstream.url}/v1`, { apiKey: openaiKey });
    const claude = await modelOn(upstream.url, { kind: "anthropic", apiKey: anthropicKey });
    const t = await teamFor([gpt]); // no fallback: upstream failures reach the client as errors
    await prisma.team.update({ where: { id: t.teamId }, data: { storeBodies: true } }); // bodies stored too
    await reloadConfig();
    const secrets = { openaiKey, anthropicKey, teamKey: t.key };

    const client: string[] = []; // every status, header and body byte the client saw
    const call = async (path: string, headers: Record<string, string>, body: unknown, method = "POST") => {
      const res = await fetch(`${app.url}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: method === "POST" ? JSON.stringify(body) : undefined });
      const text = await res.text();
      client.push(String(res.status), json([...res.headers]), text);
      return { status: res.status, text, id: res.headers.get("x-switchyard-request-id") };
    };
    const oa = { authorization: `Bearer ${t.key}` };
    const an = { "x-api-key": t.key, "anthropic-version": "2023-06-01" };

    let feedbackTarget = "";
    const logs = await captureOutput(async () => {
      const ok = await call(CHAT, oa, { model: gpt.name, messages: hello });
      expect(ok.status).toBe(200);
      feedbackTarget = ok.id!;
      expect((await call(CHAT, oa, { model: gpt.name, messages: hello, stream: true })).text).toContain("[DONE]");
      expect((await call(MESSAGES, an, { model: claude.name, max_tokens: 100, messages: hello })).status).toBe(200);
      expect((await call(MESSAGES, an, { model: claude.name, max_tokens: 100, messages: hello, stream: true })).text).toContain("message_stop");
      expect((await call(CHAT, oa, { model: claude.name, messages: hello })).status).toBe(200); // cross-protocol

      upstream.faults.push({ model: gpt.upstreamModel, type: "status", status: 500, times: 3 });
      expect((await call(CHAT, oa, { model: gpt.name, messages: hello })).status).toBe(502);
      upstream.faults.push({ model: gpt.upstreamModel, type: "status", status: 401 });
      expect((await call(CHAT, oa, { model: gpt.name, messages: hello })).status).toBe(502);
      upstream.faults.push({ model: claude.upstreamModel, type: "status", status: 401 });
      expect((await call(MESSAGES, an, { model: claude.name, max_tokens: 100, messages: hello })).status).toBe(200); // falls back to gpt
      upstream.faults.push({ model: gpt.upstreamModel, type: "stall", afterChunks: 2 }); // idle timeout 1 s
      expect((await call(CHAT, oa, { model: gpt.name, messages: hello, stream: true })).text).toContain('"error"');

      expect((await call("/api/route/v1/models", oa, null, "GET")).status).toBe(200);
      expect((await call("/api/route/v1/feedback", oa, { request_id: feedbackTarget, score: 1, label: "good" })).status).toBe(201);
    });

    const rows = await prisma.requestLog.findMany({ where: { teamId: t.teamId } });
    expect(rows).toHaveLength(9);
    expect(rows.filter((r) => r.requestBody !== null).length).toBe(9);
    const places = {
      "client responses": client.join("\n"),
      request_logs: json(rows),
      usage_rollups: json(await prisma.usageRollup.findMany({ where: { teamId: t.teamId } })),
      audit_events: json(await prisma.auditEvent.findMany()),
      evaluations: json(await prisma.evaluation.findMany()),
      "process output": logs,
    };
    expect(places.evaluations).toContain(feedbackTarget); // the feedback row exists and was scanned
    for (const [where, text] of Object.entries(places)) {
      for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} found in ${where}`).toBe(false);
    }

    // The keys did go upstream, each only to its own vendor (the demo records secret headers as their length).
    const sent = upstream.requests.filter((r) => [gpt.upstreamModel, claude.upstreamModel].includes((r.body as { model?: string }).model ?? ""));
    const toGpt = sent.filter((r) => r.path === "/v1/chat/completions");
    const toClaude = sent.filter((r) => r.path === "/v1/messages");
    expect(toGpt.length).toBeGreaterThan(0);
    expect(toClaude.length).toBeGreaterThan(0);
    for (const r of toGpt) expect(r.headers.authorization).toBe(`Bearer ${openaiKey}`.length);
    for (const r of toClaude) expect(r.headers["x-api-key"]).toBe(anthropicKey.length);
    expect(json(sent).includes(t.key)).toBe(false); // the team key is never forwarded
  });

  it("an upstream that echoes the provider key in its error body does not leak it to the client or the log row", async () => {
    // Vendors answer a bad key with "Incorrect API key provided: <key>" (OpenAI masks it; not every
    // OpenAI-compatible server does). Whatever the upstream says, the key must not come back out.
    const echo = await startVendor((req, res) => {
      const key = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${key}`, type: "invalid_request_error", code: "invalid_api_key" } }));
    });
    const providerKey = `sk-canary-${crypto.randomBytes(12).toString("hex")}`;
    const m = await modelOn(`${echo.url}/v1`, { apiKey: providerKey });
    const t = await teamFor([m]);

    const res = await post(CHAT, { authorization: `Bearer ${t.key}` }, { model: m.name, messages: hello });
    const text = await res.text();
    expect(echo.hits()).toBe(1);
    expect(res.status).toBe(502);
    await logWriter().flush();
    const row = await prisma.requestLog.findFirst({ where: { id: res.headers.get("x-switchyard-request-id")! } });
    expect(row).not.toBeNull();
    expect({ "client error body": text.includes(providerKey), "request_logs row": json(row).includes(providerKey) }).toEqual({
      "client error body": false,
      "request_logs row": false,
    });
  });
});

// ---------- request-time SSRF guard (Langfuse, Portkey CVE-2025-66405) ----------

describe("upstream SSRF guard at request time", () => {
  let inside: Awaited<ReturnType<typeof startCanary>>;
  beforeAll(async () => {
    // 127.0.0.2 is loopback too, but only 127.0.0.1 is allowlisted in tests (SWITCHYARD_UPSTREAM_ALLOWLIST).
    inside = await startCanary("127.0.0.2");
  });

  const targets = (port: number) => [
    "http://169.254.169.254/v1",
    `http://127.0.0.2:${port}/v1`,
    `http://[::ffff:127.0.0.2]:${port}/v1`,
    `http://2130706434:${port}/v1`, // decimal 127.0.0.2
    `http://0x7f.0.0.2:${port}/v1`,
  ];

  it("a provider row pointing at a private or metadata address is refused; the next model answers", async () => {
    const loopback = await startCanary("127.0.0.1"); // 0.0.0.0 reaches 127.0.0.1 listeners on Linux
    for (const url of [...targets(inside.port), `http://0.0.0.0:${loopback.port}/v1`]) {
      const blocked = await modelOn(url);
      const fallback = await modelOn(`${upstream.url}/v1`);
      const t = await teamFor([blocked, fallback]);
      const t0 = performance.now();
      const res = await post(CHAT, { authorization: `Bearer ${t.key}` }, { model: blocked.name, messages: hello });
      expect(res.status, url).toBe(200);
      expect(res.headers.get("x-switchyard-model"), url).toBe(fallback.name);
      expect(res.headers.get("x-switchyard-fallback")).toBe("true");
      expect(performance.now() - t0, url).toBeLessThan(1500); // refused up front, not after a connect timeout
      await logWriter().flush();
      const row = await prisma.requestLog.findFirst({ where: { id: res.headers.get("x-switchyard-request-id")! } });
      const log = row!.attemptLog as { model: string; status: string }[];
      expect(log[0], url).toMatchObject({ model: blocked.name, status: "upstream_blocked" });
      expect(log.filter((a) => a.model === blocked.name), url).toHaveLength(1); // not retried
    }
    await sleep(100);
    expect(inside.connections()).toBe(0);
    expect(loopback.connections()).toBe(0);
  });

  it("with no other model the request ends 502 upstream_blocked, without any connection", async () => {
    const blocked = await modelOn(`http://127.0.0.2:${inside.port}/v1`);
    const t = await teamFor([blocked]);
    const res = await post(CHAT, { authorization: `Bearer ${t.key}` }, { model: blocked.name, messages: hello, stream: true });
    await expectOpenAIError(res, 502, "upstream_blocked");
    await sleep(100);
    expect(inside.connections()).toBe(0);
  });
});

// ---------- redirects are never followed ----------

describe("upstream redirects", () => {
  it.each([301, 302, 303, 307, 308])("an upstream answering %i with Location -> canary: the canary gets no connection", async (status) => {
    const canary = await startCanary(); // 127.0.0.1: allowlisted, so only "follow no redirect" protects it
    const redirector = await startVendor((_req, res) => {
      res.writeHead(status, { location: `${canary.url}/v1/chat/completions` });
      res.end();
    });
    const m = await modelOn(`${redirector.url}/v1`);
    const t = await teamFor([m]);
    const res = await post(CHAT, { authorization: `Bearer ${t.key}` }, { model: m.name, messages: hello });
    const body = await expectOpenAIError(res, 502, "upstream_error");
    expect(body.error.message).toContain(String(status));
    expect(redirector.hits()).toBe(1); // a redirect is not retried either
    await sleep(100);
    expect(canary.connections()).toBe(0);
  });
});
