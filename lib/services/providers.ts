import { request } from "undici";
import { AppError } from "@/lib/api/errors";
import { keyring } from "@/lib/crypto/keyring";
import { open, seal, secretHint } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/client";
import * as repo from "@/lib/db/providers";
import { createGuardedAgent, UpstreamBlockedError } from "@/lib/gateway/dispatcher";
import { checkBaseUrl } from "@/lib/gateway/upstream-guard";
import type { ProviderCreateInput, ProviderKindApi, ProviderOutput, ProviderTestInput, ProviderTestOutput, ProviderUpdateInput } from "@/lib/schemas/providers";
import { recordAudit } from "@/lib/services/audit";
import { auditBy, type Caller } from "@/lib/services/context";
import { currentAllowlist } from "@/lib/services/upstream-allowlist";

// Providers: where requests go and with which credential. The key is write-only (sealed with the master key,
// only a hint is kept in the clear), the base URL passes the SSRF guard at save and at test time (and the
// gateway re-checks every connect), and a new base URL needs the key re-entered so a stored key never follows
// a URL to another host (Langfuse CVE-2026-41487).

type DbKind = "openai" | "anthropic" | "openai_compatible";
const toDbKind = (k: ProviderKindApi): DbKind => (k === "openai-compatible" ? "openai_compatible" : k);
const toApiKind = (k: DbKind): ProviderKindApi => (k === "openai_compatible" ? "openai-compatible" : k);

function toOutput(p: repo.ProviderRow, health?: { requests: number; errors: number; latencyMsSum: number }): ProviderOutput {
  const h = health ?? { requests: 0, errors: 0, latencyMsSum: 0 };
  return {
    id: p.id,
    name: p.name,
    kind: toApiKind(p.kind),
    baseUrl: p.baseUrl,
    apiKeyHint: p.apiKeyHint,
    hasApiKey: p.hasApiKey,
    inHouse: p.inHouse,
    enabled: p.enabled,
    connectTimeoutMs: p.connectTimeoutMs,
    firstByteTimeoutMs: p.firstByteTimeoutMs,
    idleTimeoutMs: p.idleTimeoutMs,
    modelCount: p._count.models,
    health: {
      requests: h.requests,
      errors: h.errors,
      errorRate: h.requests ? h.errors / h.requests : null,
      avgLatencyMs: h.requests ? Math.round(h.latencyMsSum / h.requests) : null,
    },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** What audit rows keep of a provider: never the key, only whether one is set and its hint. */
const auditView = (p: repo.ProviderRow) => ({ name: p.name, kind: toApiKind(p.kind), baseUrl: p.baseUrl, apiKeyHint: p.apiKeyHint, inHouse: p.inHouse, enabled: p.enabled, connectTimeoutMs: p.connectTimeoutMs, firstByteTimeoutMs: p.firstByteTimeoutMs, idleTimeoutMs: p.idleTimeoutMs });

async function assertBaseUrlAllowed(baseUrl: string): Promise<string> {
  const check = checkBaseUrl(baseUrl, await currentAllowlist());
  if (!check.ok) throw new AppError("unprocessable", `baseUrl: ${check.reason}`, [{ path: "baseUrl", message: check.reason }]);
  return baseUrl.replace(/\/+$/, "");
}

const day = () => new Date(Date.now() - 24 * 3600_000);

export async function listProviders(): Promise<ProviderOutput[]> {
  const [rows, health] = await Promise.all([repo.listProviders(), repo.providerHealth(day())]);
  return rows.map((p) => toOutput(p, health.get(p.name)));
}

export async function getProviderOrThrow(id: string): Promise<ProviderOutput> {
  const p = await repo.findProvider(id);
  if (!p) throw new AppError("not_found", "No such provider");
  return toOutput(p, (await repo.providerHealth(day())).get(p.name));
}

export async function createProvider(c: Caller, input: ProviderCreateInput): Promise<ProviderOutput> {
  const baseUrl = await assertBaseUrlAllowed(input.baseUrl);
  const sealed = input.apiKey ? seal(input.apiKey, keyring()) : null;
  return prisma.$transaction(async (tx) => {
    const row = await repo.createProvider(
      {
        name: input.name,
        kind: toDbKind(input.kind),
        baseUrl,
        apiKeyCiphertext: sealed?.ciphertext ?? null,
        keyVersion: sealed?.keyVersion ?? 1,
        apiKeyHint: input.apiKey ? secretHint(input.apiKey) : null,
        inHouse: input.inHouse,
        enabled: input.enabled,
        ...(input.connectTimeoutMs ? { connectTimeoutMs: input.connectTimeoutMs } : {}),
        ...(input.firstByteTimeoutMs ? { firstByteTimeoutMs: input.firstByteTimeoutMs } : {}),
        ...(input.idleTimeoutMs ? { idleTimeoutMs: input.idleTimeoutMs } : {}),
      },
      tx,
    );
    await recordAudit(auditBy(c, { action: "provider.create", resourceType: "provider", resourceId: row.id, after: auditView(row) }), tx);
    return toOutput(row);
  });
}

export async function updateProvider(c: Caller, id: string, input: ProviderUpdateInput): Promise<ProviderOutput> {
  const before = await repo.findProvider(id);
  if (!before) throw new AppError("not_found", "No such provider");
  const baseUrl = input.baseUrl === undefined ? undefined : await assertBaseUrlAllowed(input.baseUrl);
  if (baseUrl !== undefined && baseUrl !== before.baseUrl && input.apiKey === undefined && before.hasApiKey) {
    throw new AppError("unprocessable", "apiKey: changing the base URL requires re-entering the API key", [
      { path: "apiKey", message: "Changing the base URL requires re-entering the API key" },
    ]);
  }
  const sealed = input.apiKey ? seal(input.apiKey, keyring()) : null;
  return prisma.$transaction(async (tx) => {
    const row = await repo.updateProvider(
      id,
      {
        name: input.name,
        kind: input.kind ? toDbKind(input.kind) : undefined,
        baseUrl,
        inHouse: input.inHouse,
        enabled: input.enabled,
        connectTimeoutMs: input.connectTimeoutMs,
        firstByteTimeoutMs: input.firstByteTimeoutMs,
        idleTimeoutMs: input.idleTimeoutMs,
        ...(sealed ? { apiKeyCiphertext: sealed.ciphertext, keyVersion: sealed.keyVersion, apiKeyHint: secretHint(input.apiKey!) } : {}),
      },
      tx,
    );
    const after = { ...auditView(row), ...(sealed ? { apiKeyChanged: true } : {}) };
    await recordAudit(auditBy(c, { action: "provider.update", resourceType: "provider", resourceId: id, before: auditView(before), after }), tx);
    return toOutput(row);
  });
}

export async function deleteProvider(c: Caller, id: string): Promise<void> {
  const before = await repo.findProvider(id);
  if (!before) throw new AppError("not_found", "No such provider");
  const models = await repo.providerModelNames(id);
  if (models.length) {
    const names = models.map((m) => m.name);
    throw new AppError("conflict", `"${before.name}" still serves ${names.length} model(s): ${names.join(", ")}. Delete or move those models first.`, { usedBy: names.map((n) => ({ model: n })) });
  }
  await prisma.$transaction(async (tx) => {
    await repo.deleteProvider(id, tx);
    await recordAudit(auditBy(c, { action: "provider.delete", resourceType: "provider", resourceId: id, before: auditView(before) }), tx);
  });
}

// ───────────── test connection ─────────────

type Target = { kind: ProviderKindApi; baseUrl: string; apiKey: string | null; connectTimeoutMs: number; firstByteTimeoutMs: number };

/** Settings to test: a saved provider's (its key decrypted in memory) overridden by what the form holds. */
export async function resolveTestTarget(providerId: string | null, input: ProviderTestInput): Promise<Target> {
  if (!providerId) {
    if (!input.kind || !input.baseUrl) throw new AppError("bad_request", "kind and baseUrl are required to test unsaved settings");
    return { kind: input.kind, baseUrl: input.baseUrl, apiKey: input.apiKey ?? null, connectTimeoutMs: 5000, firstByteTimeoutMs: 10_000 };
  }
  const saved = await repo.findProviderWithSecret(providerId);
  if (!saved) throw new AppError("not_found", "No such provider");
  const baseUrl = (input.baseUrl ?? saved.baseUrl).replace(/\/+$/, "");
  if (baseUrl !== saved.baseUrl && !input.apiKey && saved.apiKeyCiphertext) {
    throw new AppError("unprocessable", "apiKey: testing a changed base URL requires re-entering the API key", [{ path: "apiKey", message: "Re-enter the API key to test a new base URL" }]);
  }
  let apiKey = input.apiKey ?? null;
  if (!apiKey && saved.apiKeyCiphertext) apiKey = open(saved.apiKeyCiphertext, saved.keyVersion, keyring());
  return { kind: input.kind ?? toApiKind(saved.kind), baseUrl, apiKey, connectTimeoutMs: saved.connectTimeoutMs, firstByteTimeoutMs: Math.min(saved.firstByteTimeoutMs, 15_000) };
}

const fail = (message: string, status: number | null = null, latencyMs: number | null = null): ProviderTestOutput => ({ ok: false, status, latencyMs, models: [], message });

/** Lists the upstream's models with the given settings and explains a failure in words an admin can act on. */
export async function testConnection(t: Target): Promise<ProviderTestOutput> {
  const check = checkBaseUrl(t.baseUrl, await currentAllowlist());
  if (!check.ok) return fail(`Blocked: ${check.reason}.`);
  const base = t.baseUrl.replace(/\/+$/, "");
  const anthropic = t.kind === "anthropic";
  const url = anthropic ? `${base}/v1/models` : `${base}/models`;
  const headers: Record<string, string> = anthropic
    ? { "x-api-key": t.apiKey ?? "", "anthropic-version": "2023-06-01" }
    : t.apiKey
      ? { authorization: `Bearer ${t.apiKey}` }
      : {};
  let agent;
  try {
    agent = createGuardedAgent(base, { connectTimeoutMs: t.connectTimeoutMs, firstByteTimeoutMs: t.firstByteTimeoutMs, idleTimeoutMs: t.firstByteTimeoutMs }, await currentAllowlist());
  } catch (err) {
    return fail(`Blocked: ${(err as Error).message}.`);
  }
  const started = performance.now();
  try {
    const res = await request(url, { method: "GET", headers, dispatcher: agent, signal: AbortSignal.timeout(t.connectTimeoutMs + t.firstByteTimeoutMs) });
    const latencyMs = Math.round(performance.now() - started);
    const text = await res.body.text();
    if (res.statusCode === 401 || res.statusCode === 403) return fail(`The provider rejected the API key (HTTP ${res.statusCode}). Check the key and that it may list models.`, res.statusCode, latencyMs);
    if (res.statusCode >= 300 && res.statusCode < 400) return fail(`The provider answered with a redirect (HTTP ${res.statusCode}); Switchyard never follows redirects. Use the final URL as the base URL.`, res.statusCode, latencyMs);
    if (res.statusCode === 404) return fail(`${url} was not found (HTTP 404). Check the base URL: OpenAI-style servers usually end in /v1.`, 404, latencyMs);
    if (res.statusCode >= 400) return fail(`The provider answered HTTP ${res.statusCode} when listing models.`, res.statusCode, latencyMs);
    let models: string[] = [];
    try {
      const body = JSON.parse(text) as { data?: { id?: unknown }[] };
      models = (body.data ?? []).map((m) => m.id).filter((x): x is string => typeof x === "string");
    } catch {
      return fail("The provider answered, but not with JSON: is this the API's base URL?", res.statusCode, latencyMs);
    }
    return { ok: true, status: res.statusCode, latencyMs, models, message: `Connected in ${latencyMs} ms; ${models.length} model(s) available.` };
  } catch (err) {
    return fail(explainNetworkError(err, base), null, null);
  } finally {
    void agent.close();
  }
}

function explainNetworkError(err: unknown, base: string): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const host = new URL(base).host;
  if (err instanceof UpstreamBlockedError || e.cause instanceof UpstreamBlockedError || code === "UPSTREAM_BLOCKED") return `Blocked: ${(e.cause ?? e).message}. Add the host to the upstream allowlist in Settings if it is an in-house server.`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The host ${host} could not be found (DNS). Check the spelling of the base URL.`;
  if (code === "ECONNREFUSED") return `Nothing is listening at ${host} (connection refused). Is the server running, and is the port right?`;
  if (code === "UND_ERR_CONNECT_TIMEOUT") return `Connecting to ${host} timed out. Check the address and any firewall.`;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || e.message?.includes("aborted") || code === "ABORT_ERR" || code === "TimeoutError") return `${host} accepted the connection but did not answer in time.`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `${host} closed the connection. If it serves HTTPS, use https:// in the base URL.`;
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `The TLS certificate of ${host} was not accepted (${code}).`;
  return `The connection to ${host} failed${code ? ` (${code})` : ""}.`;
}
