import { request as undiciRequest } from "undici";
import { newRequestId } from "@/lib/api/request-id";
import type { LogRecord, RequestStatus } from "@/lib/db/request-log";
import { authenticateGatewayRequest } from "@/lib/gateway/auth";
import { cooldowns } from "@/lib/gateway/cooldown";
import { dispatcherFor, UpstreamBlockedError } from "@/lib/gateway/dispatcher";
import { findForbiddenHeader, findForbiddenParam } from "@/lib/gateway/forbidden-params";
import { keyUsage } from "@/lib/gateway/key-usage";
import { logger } from "@/lib/logger";
import { isAnswer, JsonAnswer, jsonResponse, readBodyText, StreamAnswer, type AnswerHeaders, type GatewayRequest, type GatewayResponse, type RequestHeaders } from "@/lib/gateway/lite-http";
import { logWriter } from "@/lib/gateway/log-writer";
import { errorResponse, headersFor, type Protocol } from "@/lib/gateway/protocol";
import { budgets, type Reservation } from "@/lib/gateway/budgets";
import { afterLiveAnswer, tapLiveStream } from "@/lib/gateway/live-grading";
import { qualityCache } from "@/lib/gateway/quality-cache";
import { taskClassifiers } from "@/lib/gateway/task-classifier";
import { costNano, estimateTokens, maxCostNano, promptText } from "@/lib/gateway/usage";
import { priceAt, type ProviderRuntime, type Snapshot, type TeamRuntime, type KeyRuntime } from "@/lib/gateway/snapshot";
import { streamAdapter } from "@/lib/gateway/streams";
import { registerStreamCut } from "@/lib/gateway/stream-cut";
import { allowlistFor } from "@/lib/gateway/allowlist";
import { PROMPT_FEATURE_CHARS } from "@/lib/router/auto/prompt-quality";
import { SseParser } from "@/lib/providers/sse";
import { fromAnthropicResponse, toAnthropicRequest } from "@/lib/providers/translate/openai-to-anthropic";
import { fromOpenAIResponse, toOpenAIRequest } from "@/lib/providers/translate/anthropic-to-openai";
import { TranslationError } from "@/lib/providers/translate/errors";
import type { AnthropicRequest, AnthropicResponse, OpenAIChatCompletion, OpenAIChatRequest } from "@/lib/providers/translate/types";
import { resolveRoute } from "@/lib/router/resolve";
import type { CatalogModel, RouteDeps, RouteRequest } from "@/lib/router/types";

// The data plane. Per request: key -> team (memory), route (pure), then for each model in the chain up to
// MAX_RETRIES retries on 429/5xx/timeouts with jittered backoff, then the next model. Nothing here awaits the
// database: config comes from the in-memory snapshot and the log row goes to the log writer's queue.

const MAX_RETRIES = 2;
const BASE_BACKOFF_MS = 100;
const MAX_RETRY_AFTER_MS = 2000; // Retry-After longer than this is not waited for: fall back instead

type Ctx = {
  requestId: string;
  t0: number;
  startedAt: Date;
  protocol: Protocol;
  snapshot: Snapshot;
  key: KeyRuntime;
  team: TeamRuntime;
  body: Record<string, unknown>;
  stream: boolean;
  includeUsage: boolean;
  task: string;
  routeReason: string;
  requestedModel: string;
  attempts: AttemptLog[];
  clientHeaders: RequestHeaders;
  budget: Reservation | null;
  kind: "live" | "shadow" | "eval";
  /** Set while the task is a placeholder (see handleGateway): the route to resolve for real in settle(). */
  pendingRoute: { request: RouteRequest; deps: RouteDeps } | null;
};

type AttemptLog = { model: string; provider: string; status: number | string; ms: number; error?: string };

const placeholderTask: RouteDeps["classify"] = () => ({ task: "other", confidence: 0 });

/** Decides a placeholder task (and with it the fallbacks after the chain's head and the route reason). */
function settle(ctx: Ctx, chain: CatalogModel[]) {
  const pending = ctx.pendingRoute;
  if (!pending) return;
  ctx.pendingRoute = null;
  const real = resolveRoute(ctx.team.policy, ctx.snapshot.catalog, pending.request, pending.deps);
  if (!real.ok) return; // cannot differ from the placeholder's verdict: the same model was found usable
  ctx.task = real.task;
  ctx.routeReason = real.reason;
  const first = chain[0];
  if (first) chain.splice(0, chain.length, first, ...real.chain.filter((m) => m.id !== first.id));
}

export async function handleGateway(req: GatewayRequest, protocol: Protocol): Promise<GatewayResponse> {
  const requestId = newRequestId();
  const t0 = performance.now();
  const startedAt = new Date();
  const auth = await authenticateGatewayRequest(req, protocol, requestId);
  if (isAnswer(auth)) return auth;
  const { snapshot } = auth;

  const badHeader = findForbiddenHeader(req.headers);
  if (badHeader) return errorResponse(protocol, requestId, 400, "forbidden_parameter", `The header "${badHeader}" is not allowed: upstream URLs are configured by admins only`);

  let body: Record<string, unknown>;
  let bodyChars = 0;
  try {
    const text = await readBodyText(req);
    bodyChars = text.length;
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    body = parsed as Record<string, unknown>;
  } catch {
    return errorResponse(protocol, requestId, 400, "invalid_json", "The request body must be a JSON object");
  }
  const badParam = findForbiddenParam(body);
  if (badParam) return errorResponse(protocol, requestId, 400, "forbidden_parameter", `"${badParam}" is not allowed: upstream URLs are configured by admins only`, badParam);
  if (typeof body.model !== "string" || !body.model) return errorResponse(protocol, requestId, 400, "missing_model", "`model` is required: a model name, an alias or \"auto\"", "model");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return errorResponse(protocol, requestId, 400, "missing_messages", "`messages` must be a non-empty array", "messages");

  const metadata = body.metadata && typeof body.metadata === "object" ? (body.metadata as Record<string, unknown>) : null;
  const prompt = promptText(body, protocol, PROMPT_FEATURE_CHARS);
  const routeRequest: RouteRequest = {
    requestedModel: body.model,
    taskHeader: req.headers.get("x-switchyard-task"),
    taskMetadata: typeof metadata?.task === "string" ? metadata.task : null,
    prompt,
  };
  const isAuto = body.model.trim().toLowerCase() === "auto";
  const deps: RouteDeps = {
    random: Math.random,
    isCoolingDown: cooldowns().isCoolingDown,
    classify: taskClassifiers().classifierFor(auth.team.id),
    // Quality ranking only applies to "auto": no closures for requests that name their model.
    ...(isAuto ? qualityCache().depsFor(snapshot, auth.team.id, startedAt.getTime(), prompt) : {}),
  };
  // A request that names its model but not its task: the task decides only the fallbacks and what is recorded,
  // so route with a placeholder task, send the request, and classify while the upstream works on it (runChain
  // calls settle). Budgets price the whole chain up front, so budgeted requests classify first.
  const mayDefer = !isAuto && !budgets().applies(auth.team, auth.key);
  let decision = resolveRoute(auth.team.policy, snapshot.catalog, routeRequest, mayDefer ? { ...deps, classify: placeholderTask } : deps);
  let pendingRoute: Ctx["pendingRoute"] = null;
  if (mayDefer && decision.ok && decision.taskSource === "classifier") {
    // Nothing cooling down: the chain is in rule order, so its head is the requested model whatever the task.
    if (!decision.chain.some((m) => deps.isCoolingDown(m.id))) pendingRoute = { request: routeRequest, deps };
    else decision = resolveRoute(auth.team.policy, snapshot.catalog, routeRequest, deps); // cooling down: the fallbacks go first
  }
  if (!decision.ok) return errorResponse(protocol, requestId, decision.status, decision.code, decision.message, decision.status === 400 ? null : "model");
  // A request that names its task teaches the team's classifier (queued here, learned off the response path).
  if (decision.taskSource !== "classifier") taskClassifiers().observe(auth.team.id, auth.team.policy.tasks, decision.task, prompt);

  const streamOptions = body.stream_options && typeof body.stream_options === "object" ? (body.stream_options as Record<string, unknown>) : null;
  const ctx: Ctx = {
    requestId,
    t0,
    startedAt,
    protocol,
    snapshot,
    key: auth.key,
    team: auth.team,
    body,
    stream: body.stream === true,
    includeUsage: protocol === "anthropic" || streamOptions?.include_usage === true,
    task: decision.task,
    routeReason: decision.reason,
    requestedModel: body.model,
    attempts: [],
    clientHeaders: req.headers,
    budget: null,
    kind: "live",
    pendingRoute,
  };
  // Budgets: reserve this request's maximum cost from the instance's in-memory lease (a database round trip only
  // when the lease needs topping up); refuse in the vendor's shape when the month's budget is spent.
  const admitted = budgets().admit(auth.team, auth.key, () => maxCostNano(body, bodyChars, decision.chain, (id) => priceAt(snapshot.prices.get(id), startedAt.getTime())));
  const admission = admitted instanceof Promise ? await admitted : admitted;
  if (admission && "refused" in admission && admission.unavailable) {
    return finishError(ctx, null, null, 503, "budget_unavailable", "Switchyard cannot confirm this team's budget right now (its database is unreachable); retry shortly");
  }
  if (admission && "refused" in admission) {
    const what = admission.scope === "team" ? `Team "${admission.teamName}"` : "This API key";
    const message = `${what} has reached its monthly budget of $${admission.limitUsd.toFixed(2)} (spent $${admission.spentUsd.toFixed(2)} this month). Ask an admin to raise the budget.`;
    return finishError(ctx, null, null, 429, "budget_exceeded", message);
  }
  ctx.budget = admission;
  try {
    return await runChain(ctx, decision.chain, req.signal);
  } catch (err) {
    // A defect of ours, not the upstream's: still one log row and an answer in the caller's shape.
    record(ctx, null, { status: "error", httpStatus: 500, errorCode: "internal", inputTokens: 0, outputTokens: 0, estimated: false, ttftMs: null, response: null });
    logger.error("gateway: unexpected error", { requestId, error: (err as Error).message });
    return errorResponse(protocol, requestId, 500, "internal", "Internal error in Switchyard");
  }
}

function upstreamProtocol(p: ProviderRuntime): Protocol {
  return p.kind === "anthropic" ? "anthropic" : "openai";
}

/** The body the upstream gets: the client's own (model swapped, usage requested) or a translation. */
function upstreamBody(ctx: Ctx, model: CatalogModel, up: Protocol): Record<string, unknown> {
  if (ctx.protocol === up) {
    const b: Record<string, unknown> = { ...ctx.body, model: model.upstreamModel };
    if (up === "openai") {
      // Real OpenAI rejects `metadata` without `store`; it is our routing hint, not theirs.
      if (b.store !== true) delete b.metadata;
      if (ctx.stream) b.stream_options = { ...(b.stream_options as object | undefined), include_usage: true };
    }
    return b;
  }
  if (up === "anthropic") {
    return toAnthropicRequest(ctx.body as unknown as OpenAIChatRequest, model.upstreamModel, model.maxOutputTokens ?? 4096) as unknown as Record<string, unknown>;
  }
  return toOpenAIRequest(ctx.body as unknown as AnthropicRequest, model.upstreamModel) as unknown as Record<string, unknown>;
}

function upstreamRequest(p: ProviderRuntime, up: Protocol, clientHeaders: RequestHeaders): { url: string; headers: Record<string, string> } {
  const base = p.baseUrl.replace(/\/+$/, "");
  if (up === "anthropic") {
    return {
      url: `${base}/v1/messages`,
      headers: {
        "content-type": "application/json",
        "x-api-key": p.apiKey ?? "",
        "anthropic-version": clientHeaders.get("anthropic-version") ?? "2023-06-01",
        ...(clientHeaders.get("anthropic-beta") ? { "anthropic-beta": clientHeaders.get("anthropic-beta")! } : {}),
      },
    };
  }
  return { url: `${base}/chat/completions`, headers: { "content-type": "application/json", authorization: `Bearer ${p.apiKey ?? ""}` } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(h: Record<string, string | string[] | undefined>): number | undefined {
  const v = h["retry-after"];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  const secs = Number(s);
  if (Number.isFinite(secs)) return secs * 1000;
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function describeError(err: unknown): { code: string; message: string } {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  if (err instanceof UpstreamBlockedError || e.cause instanceof UpstreamBlockedError) return { code: "upstream_blocked", message: (e.cause as Error)?.message ?? e.message ?? "blocked" };
  const code = e.code ?? e.cause?.code ?? e.name ?? "error";
  const map: Record<string, string> = {
    UND_ERR_CONNECT_TIMEOUT: "connect timeout",
    UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
    UND_ERR_BODY_TIMEOUT: "upstream went silent mid-response",
    UND_ERR_SOCKET: "connection reset by upstream",
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset by upstream",
    ENOTFOUND: "upstream host not found",
  };
  return { code, message: map[code] ?? e.message ?? String(err) };
}

async function runChain(ctx: Ctx, chain: CatalogModel[], clientSignal: AbortSignal): Promise<GatewayResponse> {
  let lastError: { status: number; code: string; message: string } = { status: 502, code: "upstream_error", message: "No upstream answered" };
  for (let mi = 0; mi < chain.length; mi++) {
    if (mi > 0) settle(ctx, chain); // the fallbacks depend on the task
    const model = chain[mi]!;
    const provider = ctx.snapshot.providers.get(model.providerId);
    if (!provider || !provider.enabled) continue;
    const up = upstreamProtocol(provider);
    let payload: string;
    try {
      payload = JSON.stringify(upstreamBody(ctx, model, up));
    } catch (err) {
      if (err instanceof TranslationError) {
        // The request cannot be expressed for this provider; another model in the chain may take it as is.
        lastError = { status: 400, code: "unsupported_parameter", message: `${model.name}: ${err.message}` };
        ctx.attempts.push({ model: model.name, provider: provider.name, status: "translation_error", ms: 0, error: err.message });
        continue;
      }
      throw err;
    }
    const target = upstreamRequest(provider, up, ctx.clientHeaders);
    for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      if (clientSignal.aborted) return finishAborted(ctx, model, provider, false);
      const started = performance.now();
      const abort = new AbortController();
      const onClientAbort = () => abort.abort();
      clientSignal.addEventListener("abort", onClientAbort, { once: true });
      let res: Awaited<ReturnType<typeof undiciRequest>>;
      try {
        const dispatcher = dispatcherFor(provider, allowlistFor(ctx.snapshot), ctx.snapshot.upstreamAllowlist);
        const pending = undiciRequest(target.url, { method: "POST", headers: target.headers, body: payload, dispatcher, signal: abort.signal });
        // Classify while the upstream works. undici writes a reused connection's request in the check phase (it
        // first lets the poll phase see whether the idle socket was closed), so an immediate queued now runs just
        // after that write; settling synchronously here would delay it.
        if (ctx.pendingRoute) setImmediate(settle, ctx, chain);
        res = await pending;
      } catch (err) {
        clientSignal.removeEventListener("abort", onClientAbort);
        if (clientSignal.aborted) return finishAborted(ctx, model, provider);
        const d = describeError(err);
        ctx.attempts.push({ model: model.name, provider: provider.name, status: d.code, ms: Math.round(performance.now() - started), error: d.message });
        lastError = { status: d.code === "upstream_blocked" ? 502 : 504, code: d.code === "upstream_blocked" ? "upstream_blocked" : "upstream_unavailable", message: `${model.name}: ${d.message}` };
        cooldowns().failure(model.id);
        if (d.code === "upstream_blocked") break; // retrying cannot help
        if (attempt < MAX_RETRIES) await sleep(BASE_BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()));
        continue;
      }

      if (res.statusCode >= 200 && res.statusCode < 300) {
        settle(ctx, chain); // a no-op after the immediate above; the answer's headers read the task, so never rely on ordering
        cooldowns().success(model.id);
        ctx.attempts.push({ model: model.name, provider: provider.name, status: res.statusCode, ms: Math.round(performance.now() - started) });
        const served = { model, provider, up, fallback: mi > 0 || model.name !== chain[0]!.name };
        return ctx.stream ? streamResponse(ctx, res, served, abort, clientSignal, onClientAbort) : answerJson(ctx, res, served, clientSignal, onClientAbort);
      }

      clientSignal.removeEventListener("abort", onClientAbort);
      const text = await res.body.text().catch(() => "");
      const upstreamMsg = scrubSecrets(extractUpstreamMessage(text), provider.apiKey);
      ctx.attempts.push({ model: model.name, provider: provider.name, status: res.statusCode, ms: Math.round(performance.now() - started), error: upstreamMsg.slice(0, 300) });
      if (res.statusCode === 400 || res.statusCode === 422 || res.statusCode === 413) {
        // The request itself is wrong: no retry, no fallback; the client sees the upstream's reason.
        return finishError(ctx, model, provider, res.statusCode, "upstream_invalid_request", `${model.name}: ${upstreamMsg || "the upstream rejected the request"}`);
      }
      const retryable = res.statusCode === 429 || res.statusCode >= 500;
      lastError = { status: res.statusCode === 429 ? 429 : 502, code: res.statusCode === 429 ? "upstream_rate_limited" : "upstream_error", message: `${model.name}: upstream answered ${res.statusCode}${upstreamMsg ? ` (${upstreamMsg.slice(0, 200)})` : ""}` };
      if (!retryable) break; // 401/403/404: a provider misconfiguration; the next model may work
      const ra = res.statusCode === 429 ? retryAfterMs(res.headers) : undefined;
      cooldowns().failure(model.id, res.statusCode === 429 ? (ra ?? 10_000) : undefined);
      if (attempt >= MAX_RETRIES) break;
      if (ra !== undefined) {
        if (ra > MAX_RETRY_AFTER_MS) break; // honour Retry-After only within our retry budget
        await sleep(ra);
      } else {
        await sleep(BASE_BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }
  return finishError(ctx, null, null, lastError.status, lastError.code, lastError.message);
}

/** Vendors echo credentials in errors ("Incorrect API key provided: sk-..."): never pass those on or log them. */
export function scrubSecrets(text: string, apiKey: string | null): string {
  let out = apiKey && apiKey.length >= 4 ? text.split(apiKey).join("[redacted]") : text;
  out = out.replace(/\b(sk|sy|pk|rk)-[A-Za-z0-9_\-]{6,}/g, "$1-[redacted]").replace(/Bearer\s+[A-Za-z0-9._\-]+/gi, "Bearer [redacted]");
  return out;
}

function extractUpstreamMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    if (typeof j.error === "string") return j.error;
    return j.error?.message ?? j.message ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

type Served = { model: CatalogModel; provider: ProviderRuntime; up: Protocol; fallback: boolean };

/** Header values must be Latin-1 and single-line; admin-chosen names may be anything ("通义", "Mistral — Large"). */
const headerSafe = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? v : encodeURIComponent(v));

function servedHeaders(ctx: Ctx, s: Served, extra: AnswerHeaders): AnswerHeaders {
  const h = headersFor(ctx, extra);
  h["x-switchyard-model"] = headerSafe(s.model.name);
  h["x-switchyard-provider"] = headerSafe(s.provider.name);
  h["x-switchyard-task"] = ctx.task;
  h["x-switchyard-route-reason"] = headerSafe(ctx.routeReason);
  if (s.fallback) h["x-switchyard-fallback"] = "true";
  return h;
}

async function answerJson(ctx: Ctx, res: Awaited<ReturnType<typeof undiciRequest>>, s: Served, clientSignal: AbortSignal, onAbort: () => void): Promise<JsonAnswer> {
  let raw: unknown;
  try {
    raw = await res.body.json();
  } catch (err) {
    clientSignal.removeEventListener("abort", onAbort);
    if (clientSignal.aborted) return finishAborted(ctx, s.model, s.provider);
    return finishError(ctx, s.model, s.provider, 502, "upstream_invalid_response", `${s.model.name}: ${describeError(err).message}`);
  }
  clientSignal.removeEventListener("abort", onAbort);
  if (!raw || typeof raw !== "object") {
    return finishError(ctx, s.model, s.provider, 502, "upstream_invalid_response", `${s.model.name}: the upstream answered 2xx without a JSON object`);
  }
  try {
    return buildJsonAnswer(ctx, raw, s);
  } catch (err) {
    return finishError(ctx, s.model, s.provider, 502, "upstream_invalid_response", `${s.model.name}: unexpected answer shape (${(err as Error).message})`);
  }
}

function buildJsonAnswer(ctx: Ctx, raw: unknown, s: Served): JsonAnswer {
  let out: Record<string, unknown>;
  let inputTokens = 0;
  let outputTokens = 0;
  let estimated = false;
  const created = Math.floor(ctx.startedAt.getTime() / 1000);
  if (ctx.protocol === "openai") {
    const completion = s.up === "openai" ? (raw as OpenAIChatCompletion) : fromAnthropicResponse(raw as AnthropicResponse, s.model.name, `chatcmpl-${ctx.requestId.slice(4)}`, created);
    completion.model = s.model.name;
    inputTokens = completion.usage?.prompt_tokens ?? 0;
    outputTokens = completion.usage?.completion_tokens ?? 0;
    if (!completion.usage) {
      estimated = true;
      inputTokens = estimateTokens(promptText(ctx.body, ctx.protocol));
      outputTokens = estimateTokens(completion.choices?.map((c) => c.message?.content ?? "").join("") ?? "");
    }
    out = completion as unknown as Record<string, unknown>;
  } else {
    const msg = s.up === "anthropic" ? (raw as AnthropicResponse) : fromOpenAIResponse(raw as OpenAIChatCompletion, s.model.name);
    msg.model = s.model.name;
    const u = msg.usage as { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number } | undefined;
    inputTokens = (u?.input_tokens ?? 0) + (u?.cache_read_input_tokens ?? 0) + (u?.cache_creation_input_tokens ?? 0);
    outputTokens = u?.output_tokens ?? 0;
    if (!u) {
      estimated = true;
      inputTokens = estimateTokens(promptText(ctx.body, ctx.protocol));
      outputTokens = estimateTokens(JSON.stringify(msg.content ?? ""));
    }
    out = msg as unknown as Record<string, unknown>;
  }
  record(ctx, s, { status: "success", httpStatus: 200, inputTokens, outputTokens, estimated, ttftMs: null, response: out });
  return jsonResponse(JSON.stringify(out), { status: 200, headers: servedHeaders(ctx, s, { "content-type": "application/json" }) });
}

function streamResponse(
  ctx: Ctx,
  res: Awaited<ReturnType<typeof undiciRequest>>,
  s: Served,
  abort: AbortController,
  clientSignal: AbortSignal,
  onAbort: () => void,
): StreamAnswer {
  // Sampled for grading or shadowing: the wrapper keeps the streamed text for afterLiveAnswer().
  const adapter = tapLiveStream(ctx, s.model, streamAdapter(ctx.protocol, s.up, {
    scrub: (text: string) => scrubSecrets(text, s.provider.apiKey),
    publicModel: s.model.name,
    id: ctx.protocol === "openai" ? `chatcmpl-${ctx.requestId.slice(4)}` : `msg_${ctx.requestId.slice(4)}`,
    created: Math.floor(ctx.startedAt.getTime() / 1000),
    includeUsage: ctx.includeUsage,
  }));
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let ttftMs: number | null = null;
  let finished = false;
  const iterator = (res.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  // Shutdown past its drain window (stream-cut.ts): stop the upstream; pull() then ends with an error event.
  let cutMessage: string | null = null;
  const unregisterCut = registerStreamCut((message) => {
    cutMessage = message;
    abort.abort();
  });

  const finish = (status: RequestStatus, httpStatus: number, errorCode: string | null) => {
    if (finished) return;
    finished = true;
    unregisterCut();
    clientSignal.removeEventListener("abort", onAbort);
    const usage = adapter.usage;
    const estimated = !usage || (usage.outputTokens === 0 && adapter.outputChars > 0);
    record(ctx, s, {
      status,
      httpStatus,
      errorCode,
      inputTokens: usage && usage.inputTokens > 0 ? usage.inputTokens : estimateTokens(promptText(ctx.body, ctx.protocol)),
      outputTokens: estimated ? Math.ceil(adapter.outputChars / 4) : usage!.outputTokens,
      estimated,
      ttftMs,
      response: null,
    });
  };

  // Chunks leave as strings (one per upstream read: one socket write); the node adapter writes them straight to the
  // socket, Next.js route files wrap them in a ReadableStream (toWebResponse).
  async function* chunks(): AsyncGenerator<string> {
    try {
      for (;;) {
        let pending = "";
        const emit = (line: string) => {
          pending += line;
        };
        try {
          while (!pending) {
            const { value, done } = await iterator.next();
            if (done) {
              for (const ev of parser.flush()) for (const line of adapter.push(ev)) emit(line);
              if (adapter.complete && !adapter.failed) {
                for (const line of adapter.end()) emit(line);
                finish("success", 200, null);
              } else {
                // Ended without its end marker: never a clean success (LiteLLM PR #39898, Portkey #1797).
                for (const line of adapter.abort("The upstream stream ended before completion")) emit(line);
                finish("incomplete", 502, adapter.failed ? "upstream_stream_error" : "upstream_truncated");
              }
              if (pending) yield pending;
              return;
            }
            for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
              const lines = adapter.push(ev);
              if (lines.length && ttftMs === null) ttftMs = Math.round(performance.now() - ctx.t0);
              for (const line of lines) emit(line);
            }
          }
        } catch (err) {
          if (cutMessage !== null) {
            for (const line of adapter.abort(cutMessage)) emit(line);
            finish("incomplete", 503, "shutdown");
            if (pending) yield pending;
            return;
          }
          if (clientSignal.aborted || abort.signal.aborted) {
            finish("cancelled", 499, "client_disconnected");
            return;
          }
          const d = describeError(err);
          for (const line of adapter.abort(`${s.model.name}: ${d.message}`)) emit(line);
          finish("incomplete", 502, d.code === "UND_ERR_BODY_TIMEOUT" ? "upstream_stalled" : "upstream_stream_error");
          if (pending) yield pending;
          return;
        }
        yield pending;
      }
    } finally {
      // The consumer stopped early (client gone, socket destroyed): stop the upstream and record it.
      if (!finished) {
        abort.abort();
        finish("cancelled", 499, "client_disconnected");
      }
    }
  }
  clientSignal.addEventListener("abort", () => {
    abort.abort();
    finish("cancelled", 499, "client_disconnected");
  }, { once: true });
  return new StreamAnswer(
    200,
    servedHeaders(ctx, s, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" }),
    chunks(),
  );
}

function finishAborted(ctx: Ctx, model: CatalogModel | null, provider: ProviderRuntime | null, promptSent = true): JsonAnswer {
  // The upstream already has (and bills) the prompt once we sent it: estimate it rather than record $0.
  const sent = promptSent && model !== null && provider !== null;
  record(ctx, sent ? { model, provider, up: upstreamProtocol(provider), fallback: false } : null, {
    status: "cancelled",
    httpStatus: 499,
    errorCode: "client_disconnected",
    inputTokens: sent ? estimateTokens(promptText(ctx.body, ctx.protocol)) : 0,
    outputTokens: 0,
    estimated: sent,
    ttftMs: null,
    response: null,
  });
  return errorResponse(ctx.protocol, ctx.requestId, 499, "client_disconnected", "The client disconnected");
}

function finishError(ctx: Ctx, model: CatalogModel | null, provider: ProviderRuntime | null, status: number, code: string, message: string): JsonAnswer {
  record(ctx, model && provider ? { model, provider, up: upstreamProtocol(provider), fallback: false } : null, {
    status: "error",
    httpStatus: status,
    errorCode: code,
    inputTokens: 0,
    outputTokens: 0,
    estimated: false,
    ttftMs: null,
    response: null,
  });
  const extra: Record<string, string> = { "x-switchyard-task": ctx.task };
  return errorResponse(ctx.protocol, ctx.requestId, status, code, message, null, extra);
}

function record(
  ctx: Ctx,
  s: Served | null,
  r: { status: RequestStatus; httpStatus: number; errorCode?: string | null; inputTokens: number; outputTokens: number; estimated: boolean; ttftMs: number | null; response: unknown },
) {
  settle(ctx, []);
  const price = s ? priceAt(ctx.snapshot.prices.get(s.model.id), ctx.startedAt.getTime()) : null;
  const rec: LogRecord = {
    id: ctx.requestId,
    createdAt: ctx.startedAt,
    teamId: ctx.team.id,
    apiKeyId: ctx.key.id || null, // internal eval runs have no key
    kind: ctx.kind,
    endpoint: ctx.protocol === "openai" ? "chat.completions" : "messages",
    task: ctx.task,
    requestedModel: ctx.requestedModel.slice(0, 200),
    modelId: s?.model.id ?? null,
    modelName: s?.model.name ?? null,
    providerId: s?.provider.id ?? null,
    providerName: s?.provider.name ?? null,
    inHouse: s?.provider.inHouse ?? false,
    status: r.status,
    httpStatus: r.httpStatus,
    errorCode: r.errorCode ?? null,
    stream: ctx.stream,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    usageEstimated: r.estimated,
    costNanoUsd: price ? costNano(price, r.inputTokens, r.outputTokens) : 0,
    latencyMs: Math.round(performance.now() - ctx.t0),
    ttftMs: r.ttftMs,
    attempts: Math.max(1, ctx.attempts.length),
    fallback: s?.fallback ?? false,
    routeReason: ctx.routeReason,
    attemptLog: ctx.attempts,
    userTag: typeof ctx.body.user === "string" ? ctx.body.user.slice(0, 200) : null,
    requestBody: ctx.team.storeBodies ? ctx.body : null,
    responseBody: ctx.team.storeBodies ? r.response : null,
  };
  if (ctx.budget) {
    budgets().settle(ctx.budget, rec.costNanoUsd);
    rec.leaseOwner = ctx.budget.entries.length ? ctx.budget.owner : null;
  }
  logWriter().push(rec);
  if (ctx.kind === "live") {
    keyUsage().touch(ctx.key.id);
    if (s && r.status === "success") afterLiveAnswer(ctx, s.model, r.response); // shadow evaluations and graders, off the response path
  }
}

/**
 * One non-streamed OpenAI-style completion from a given model, for the gateway's own work (shadow evaluations,
 * judge calls, eval-set runs): same adapters, retries and accounting as client traffic, logged as `kind`
 * (evaluation cost, never a team's budget). Returns the answer text, or null with the error.
 */
export async function completeInternally(o: {
  snapshot: Snapshot;
  team: TeamRuntime;
  key: KeyRuntime;
  model: CatalogModel;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  task: string;
  kind: "shadow" | "eval";
  reason: string;
  maxTokens?: number;
}): Promise<{ requestId: string; text: string | null; error: string | null; latencyMs: number }> {
  const ctx: Ctx = {
    requestId: newRequestId(),
    t0: performance.now(),
    startedAt: new Date(),
    protocol: "openai",
    snapshot: o.snapshot,
    key: o.key,
    team: o.team,
    body: { model: o.model.name, messages: o.messages, ...(o.maxTokens ? { max_tokens: o.maxTokens } : {}) },
    stream: false,
    includeUsage: false,
    task: o.task,
    routeReason: o.reason,
    requestedModel: o.model.name,
    attempts: [],
    clientHeaders: new Headers(),
    budget: null,
    kind: o.kind,
    pendingRoute: null,
  };
  const res = await runChain(ctx, [o.model], new AbortController().signal);
  const latencyMs = Math.round(performance.now() - ctx.t0);
  // stream: false, so the answer is a JsonAnswer: parse its text, no Response round trip
  const body = (res instanceof JsonAnswer ? await res.json().catch(() => null) : null) as { choices?: { message?: { content?: string | null } }[]; error?: { message?: string } } | null;
  if (res.status !== 200) return { requestId: ctx.requestId, text: null, error: body?.error?.message ?? `HTTP ${res.status}`, latencyMs };
  return { requestId: ctx.requestId, text: body?.choices?.[0]?.message?.content ?? "", error: null, latencyMs };
}
