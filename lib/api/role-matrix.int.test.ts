import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ENDPOINTS, type Endpoint } from "@/lib/api/contract";
import { can, isTeamScoped, type Role, type Scope } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { hashApiKey } from "@/lib/gateway/snapshot";
import { adminToken, call, makeUser, type As } from "@/lib/testing/api";
import { makeModel, makeProvider, uid } from "@/lib/testing/factories";

// Role x endpoint matrix over every endpoint of the contract: anonymous -> 401, a role without the scope -> 403,
// and team-scoped endpoints refuse a team_lead/viewer of team A on team B while team A works. The route table
// below must list every app/api/v1 route file, and each file must export exactly the contract's methods.

type RouteModule = Record<string, unknown>;
const ROUTES: Record<string, () => Promise<RouteModule>> = {
  "/api/v1/me": () => import("@/app/api/v1/me/route"),
  "/api/v1/users": () => import("@/app/api/v1/users/route"),
  "/api/v1/providers": () => import("@/app/api/v1/providers/route"),
  "/api/v1/providers/test": () => import("@/app/api/v1/providers/test/route"),
  "/api/v1/providers/{providerId}": () => import("@/app/api/v1/providers/[providerId]/route"),
  "/api/v1/providers/{providerId}/test": () => import("@/app/api/v1/providers/[providerId]/test/route"),
  "/api/v1/models": () => import("@/app/api/v1/models/route"),
  "/api/v1/models/{modelId}": () => import("@/app/api/v1/models/[modelId]/route"),
  "/api/v1/models/{modelId}/prices": () => import("@/app/api/v1/models/[modelId]/prices/route"),
  "/api/v1/teams": () => import("@/app/api/v1/teams/route"),
  "/api/v1/teams/{teamId}": () => import("@/app/api/v1/teams/[teamId]/route"),
  "/api/v1/teams/{teamId}/budget": () => import("@/app/api/v1/teams/[teamId]/budget/route"),
  "/api/v1/teams/{teamId}/members": () => import("@/app/api/v1/teams/[teamId]/members/route"),
  "/api/v1/teams/{teamId}/members/{userId}": () => import("@/app/api/v1/teams/[teamId]/members/[userId]/route"),
  "/api/v1/teams/{teamId}/keys": () => import("@/app/api/v1/teams/[teamId]/keys/route"),
  "/api/v1/teams/{teamId}/keys/{keyId}": () => import("@/app/api/v1/teams/[teamId]/keys/[keyId]/route"),
  "/api/v1/teams/{teamId}/routing-policy": () => import("@/app/api/v1/teams/[teamId]/routing-policy/route"),
  "/api/v1/teams/{teamId}/routing-policy/try": () => import("@/app/api/v1/teams/[teamId]/routing-policy/try/route"),
  "/api/v1/teams/{teamId}/routing-policy/simulate": () => import("@/app/api/v1/teams/[teamId]/routing-policy/simulate/route"),
  "/api/v1/requests": () => import("@/app/api/v1/requests/route"),
  "/api/v1/spend": () => import("@/app/api/v1/spend/route"),
  "/api/v1/spend/summary": () => import("@/app/api/v1/spend/summary/route"),
  "/api/v1/reports/statement": () => import("@/app/api/v1/reports/statement/route"),
  "/api/v1/audit": () => import("@/app/api/v1/audit/route"),
  "/api/v1/settings": () => import("@/app/api/v1/settings/route"),
  "/api/v1/openapi.json": () => import("@/app/api/v1/openapi.json/route"),
  "/api/v1/accuracy": () => import("@/app/api/v1/accuracy/route"),
  "/api/v1/teams/{teamId}/shadow": () => import("@/app/api/v1/teams/[teamId]/shadow/route"),
  "/api/v1/teams/{teamId}/graders": () => import("@/app/api/v1/teams/[teamId]/graders/route"),
  "/api/v1/teams/{teamId}/graders/{graderId}": () => import("@/app/api/v1/teams/[teamId]/graders/[graderId]/route"),
  "/api/v1/eval-sets": () => import("@/app/api/v1/eval-sets/route"),
  "/api/v1/eval-sets/import": () => import("@/app/api/v1/eval-sets/import/route"),
  "/api/v1/eval-sets/{evalSetId}": () => import("@/app/api/v1/eval-sets/[evalSetId]/route"),
  "/api/v1/eval-sets/{evalSetId}/runs": () => import("@/app/api/v1/eval-sets/[evalSetId]/runs/route"),
  "/api/v1/eval-runs/{runId}": () => import("@/app/api/v1/eval-runs/[runId]/route"),
  "/api/v1/requests/{requestId}/feedback": () => import("@/app/api/v1/requests/[requestId]/feedback/route"),
  "/api/v1/swaps": () => import("@/app/api/v1/swaps/route"),
  "/api/v1/swaps/{swapId}": () => import("@/app/api/v1/swaps/[swapId]/route"),
  "/api/v1/swaps/{swapId}/approve": () => import("@/app/api/v1/swaps/[swapId]/approve/route"),
  "/api/v1/swaps/{swapId}/cosign": () => import("@/app/api/v1/swaps/[swapId]/cosign/route"),
  "/api/v1/swaps/{swapId}/reject": () => import("@/app/api/v1/swaps/[swapId]/reject/route"),
  "/api/v1/swaps/{swapId}/rollback": () => import("@/app/api/v1/swaps/[swapId]/rollback/route"),
};

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
type Handler = Parameters<typeof call>[0];

// ───────────── the docs cannot drift from the code ─────────────

const API_DIR = path.join(process.cwd(), "app", "api", "v1");

/** app/api/v1/teams/[teamId]/keys/route.ts -> /api/v1/teams/{teamId}/keys */
function routeFiles(): Map<string, string> {
  const files = (fs.readdirSync(API_DIR, { recursive: true }) as string[]).filter((f) => /(^|[\\/])route\.(ts|tsx|js)$/.test(f));
  return new Map(
    files.map((f) => {
      const dir = path.dirname(f).split(path.sep).join("/");
      const p = `/api/v1${dir === "." ? "" : `/${dir}`}`.replace(/\[(\w+)\]/g, "{$1}");
      return [p, f];
    }),
  );
}

const contractMethods = (p: string) => ENDPOINTS.filter((e) => e.path === p).map((e) => e.method).sort();

describe("contract <-> route files", () => {
  it("has a route file for every contract path, and a contract entry and table row for every route file", () => {
    const files = routeFiles();
    const contractPaths = [...new Set(ENDPOINTS.map((e) => e.path))].sort();
    expect([...files.keys()].sort()).toEqual(contractPaths);
    expect(Object.keys(ROUTES).sort()).toEqual(contractPaths);
    expect(contractPaths.length).toBeGreaterThanOrEqual(21);
  });

  it.each([...new Set(ENDPOINTS.map((e) => e.path))])("%s exports exactly the contract's methods", async (p) => {
    const mod = await ROUTES[p]!();
    const exported = Object.keys(mod).filter((k) => HTTP_METHODS.includes(k)).sort();
    expect(exported).toEqual(contractMethods(p));
    for (const m of exported) expect(typeof mod[m]).toBe("function");
  });

  it("lists no endpoint twice", () => {
    const keys = ENDPOINTS.map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// ───────────── the matrix ─────────────

const CALLERS = ["anonymous", "viewer", "team_lead", "finance", "admin", "admin-token"] as const;
type Caller = (typeof CALLERS)[number];
const roleOf = (c: Caller): Role | null => (c === "anonymous" ? null : c === "admin-token" ? "admin" : c);

type Side = { teamId: string; teamName: string; keyId: string; memberId: string; proposedSwapId: string; canarySwapId: string; evalSetId: string; runId: string; requestId: string; graderId: string };
type World = { a: Side; b: Side; providerId: string; emptyProviderId: string; modelId: string; modelName: string; spareEmail: string; as: Record<Caller, As> };

type Actors = { viewer: { id: string; as: As }; lead: { id: string; as: As }; finance: As; admin: As };
let actors: Actors;
let readWorld: World; // GETs change nothing: they share one world

/** Fresh resources for one (endpoint, caller) case, so destructive calls never disturb another case. The role
 * users are shared; each world makes them members of its own team A (never of team B). */
async function makeWorld(): Promise<World> {
  const side = async (): Promise<Side> => {
    const name = uid("Team");
    const key = `sy-${uid("matrix")}`;
    const member = uid("member");
    const team = await prisma.team.create({
      data: {
        name,
        slug: uid("team"),
        routingPolicy: { create: {} },
        apiKeys: { create: { name: "k", keyHash: hashApiKey(key), prefix: key.slice(0, 10) } },
        members: { create: { role: "viewer", user: { create: { email: `${member}@example.test`, role: "viewer" } } } },
      },
      select: { id: true, apiKeys: { select: { id: true } }, members: { select: { userId: true } } },
    });
    // Two swap proposals: one awaiting a decision (large savings: needs the co-signature), one in its canary.
    const swap = (status: "proposed" | "canary") =>
      prisma.swapProposal.create({ data: { teamId: team.id, task: "code", fromModel: "a", toModel: "b", status, evidence: {}, projectedMonthlySavingsUsd: 1_000_000 }, select: { id: true } });
    const [proposed, canary] = await Promise.all([swap("proposed"), swap("canary")]);
    const set = await prisma.evalSet.create({
      data: { name: uid("set"), teamId: team.id, items: { create: [{ position: 0, prompt: "2+2?", reference: "4", task: "math", grader: "final-number" }] }, runs: { create: [{ modelName: "m", total: 1 }] } },
      select: { id: true, runs: { select: { id: true } } },
    });
    const requestId = `req_${uid("matrix")}`;
    await prisma.requestLog.create({ data: { id: requestId, teamId: team.id, endpoint: "chat.completions", task: "chat", requestedModel: "auto", modelName: "m", status: "success", httpStatus: 200, latencyMs: 1 } });
    const grader = await prisma.graderConfig.create({ data: { teamId: team.id, name: uid("grader"), task: "code", kind: "regex", definition: { kind: "regex", pattern: "ok", mode: "match", caseInsensitive: true } }, select: { id: true } });
    return { teamId: team.id, teamName: name, keyId: team.apiKeys[0]!.id, memberId: team.members[0]!.userId, proposedSwapId: proposed.id, canarySwapId: canary.id, evalSetId: set.id, runId: set.runs[0]!.id, requestId, graderId: grader.id };
  };
  const [a, b, provider, emptyProvider, spare] = await Promise.all([
    side(),
    side(),
    makeProvider({ baseUrl: "http://10.255.255.1/v1" }), // blocked: "test connection" answers without any network
    makeProvider({ baseUrl: "http://10.255.255.1/v1" }), // no models: deletable
    prisma.user.create({ data: { email: `${uid("spare")}@example.test`, role: "viewer" } }),
  ]);
  const [model] = await Promise.all([
    makeModel({ providerId: provider.id, upstreamModel: "gpt-4o" }),
    prisma.teamMember.createMany({
      data: [
        { teamId: a.teamId, userId: actors.viewer.id, role: "viewer" },
        { teamId: a.teamId, userId: actors.lead.id, role: "team_lead" },
      ],
    }),
  ]);
  return {
    a,
    b,
    providerId: provider.id,
    emptyProviderId: emptyProvider.id,
    modelId: model.id,
    modelName: model.name,
    spareEmail: spare.email,
    as: { anonymous: null, viewer: actors.viewer.as, team_lead: actors.lead.as, finance: actors.finance, admin: actors.admin, "admin-token": adminToken() },
  };
}

/** A valid body for every endpoint that takes one (a new endpoint without a sample fails the matrix). */
const BODIES: Record<string, (w: World, s: Side) => unknown> = {
  "POST /api/v1/users": () => ({ email: `${uid("new")}@example.test`, password: "correct-horse-battery", role: "viewer" }),
  "POST /api/v1/providers": () => ({ name: uid("prov"), kind: "openai", baseUrl: "https://api.example.com/v1", apiKey: "sk-matrix-0000" }),
  "POST /api/v1/providers/test": () => ({ kind: "openai", baseUrl: "http://10.255.255.1/v1" }),
  "PATCH /api/v1/providers/{providerId}": () => ({ enabled: false }),
  "POST /api/v1/providers/{providerId}/test": () => ({}),
  "POST /api/v1/models": (w) => ({ providerId: w.providerId, name: uid("model"), upstreamModel: "gpt-4o", inputPricePerMTok: 1, outputPricePerMTok: 2 }),
  "PATCH /api/v1/models/{modelId}": () => ({ enabled: false }),
  "POST /api/v1/models/{modelId}/prices": () => ({ inputPricePerMTok: 1, outputPricePerMTok: 2, effectiveFrom: "2021-06-01T00:00:00.000Z" }),
  "POST /api/v1/teams": () => ({ name: uid("Team"), slug: uid("team") }),
  "PATCH /api/v1/teams/{teamId}": () => ({ costCenter: "CC-1" }),
  "POST /api/v1/teams/{teamId}/members": (w) => ({ email: w.spareEmail, role: "viewer" }),
  "POST /api/v1/teams/{teamId}/keys": () => ({ name: "matrix key" }),
  "PUT /api/v1/teams/{teamId}/routing-policy": (w) => ({ rules: [{ task: "code", models: [w.modelName] }], defaultModels: [w.modelName] }),
  "POST /api/v1/teams/{teamId}/routing-policy/try": () => ({ prompt: "hello", task: "code" }),
  "PUT /api/v1/settings": () => ({}), // valid and changes nothing (other test files rely on the allowlist)
  "PUT /api/v1/teams/{teamId}/shadow": (w) => ({ configs: [{ task: "code", candidateModel: w.modelName, sampleRate: 0.5 }] }),
  "POST /api/v1/teams/{teamId}/graders": () => ({ name: uid("json"), task: "*", sampleRate: 0.5, definition: { kind: "json", schema: { type: "object", required: ["answer"] } } }),
  "PATCH /api/v1/teams/{teamId}/graders/{graderId}": () => ({ sampleRate: 0.25, definition: { kind: "regex", pattern: "^done\\b", mode: "no_match" } }),
  "POST /api/v1/swaps/{swapId}/approve": () => ({}),
  "POST /api/v1/requests/{requestId}/feedback": () => ({ score: 1, label: "good" }),
  "POST /api/v1/eval-sets": (_w, s) => ({ name: uid("set"), teamId: s.teamId, format: "jsonl", content: '{"prompt":"2+2?","reference":"4","grader":"final-number"}' }),
  "POST /api/v1/eval-sets/import": () => ({ builtIn: "routellm-mmlu" }),
  "POST /api/v1/eval-sets/{evalSetId}/runs": (w, s) => ({ models: [w.modelName], teamId: s.teamId, limit: 1 }),
  "POST /api/v1/swaps/{swapId}/cosign": () => ({ reason: "within budget" }),
  "POST /api/v1/swaps/{swapId}/reject": () => ({ reason: "not now" }),
  "POST /api/v1/swaps/{swapId}/rollback": () => ({ reason: "checking" }),
};

/** {teamId} in the path, or a teamId query filter (requests, spend, statements, audit): a forged team is a 403. */
function teamScopedBy(e: Endpoint): "path" | "query" | null {
  // A swap, an eval set and its runs belong to one team.
  if (["{teamId}", "{swapId}", "{evalSetId}", "{runId}", "{requestId}"].some((p) => e.path.includes(p))) return "path";
  return e.query instanceof z.ZodObject && "teamId" in e.query.shape ? "query" : null;
}

/** ?format=csv may need more than the endpoint's scope. */
const CSV_SCOPE: Record<string, Scope> = { "/api/v1/reports/statement": "spend:export" };

type Expect = 401 | 403 | "allowed";
function expected(caller: Caller, e: Endpoint, team: "A" | "B" | null, scope: Scope | null = e.scope): Expect {
  if (scope === null) return "allowed";
  const role = roleOf(caller);
  if (!role) return 401;
  if (!can(role, scope)) return 403;
  if (team === "B" && isTeamScoped(role)) return 403; // viewer/team_lead are members of team A only
  return "allowed";
}

function request(e: Endpoint, w: World, team: "A" | "B" | null, csv = false) {
  const s = team === "B" ? w.b : w.a;
  const providerId = e.method === "DELETE" ? w.emptyProviderId : w.providerId;
  const swapId = e.path.endsWith("/rollback") ? s.canarySwapId : s.proposedSwapId;
  const all: Record<string, string> = { teamId: s.teamId, keyId: s.keyId, userId: s.memberId, providerId, modelId: w.modelId, swapId, evalSetId: s.evalSetId, runId: s.runId, requestId: s.requestId, graderId: s.graderId };
  const params: Record<string, string> = {};
  let p = e.path.replace(/\{(\w+)\}/g, (_m, k: string) => {
    params[k] = all[k]!;
    return encodeURIComponent(all[k]!);
  });
  const query = [...(teamScopedBy(e) === "query" && team ? [`teamId=${encodeURIComponent(s.teamId)}`] : []), ...(csv ? ["format=csv"] : [])];
  if (query.length) p += `?${query.join("&")}`;
  const key = `${e.method} ${e.path}`;
  const body = e.body ? BODIES[key]?.(w, s) : undefined;
  return { path: p, params, body, key };
}

beforeAll(async () => {
  const [viewer, lead, finance, admin] = await Promise.all([makeUser("viewer"), makeUser("team_lead"), makeUser("finance"), makeUser("admin")]);
  actors = { viewer: { id: viewer.user.id, as: viewer.as }, lead: { id: lead.user.id, as: lead.as }, finance: finance.as, admin: admin.as };
  readWorld = await makeWorld();
  // Warm the module graph once so the first matrix case does not pay for it.
  await Promise.all(Object.values(ROUTES).map((load) => load()));
});

describe.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))("%s", (_name, e) => {
  it("has a sample body if it takes one", () => {
    if (e.body) expect(BODIES[`${e.method} ${e.path}`], `add a sample body for ${e.method} ${e.path} to BODIES`).toBeTypeOf("function");
  });

  it.each(CALLERS)("as %s", async (caller) => {
    const w = e.method === "GET" ? readWorld : await makeWorld();
    const mod = await ROUTES[e.path]!();
    const handler = mod[e.method] as Handler;
    expect(handler, `${e.path} exports ${e.method}`).toBeTypeOf("function");
    const scoped = teamScopedBy(e);
    const teams: ("A" | "B" | null)[] = scoped === "path" ? ["A", "B"] : scoped === "query" ? [null, "A", "B"] : [null];
    for (const team of teams) {
      const r = request(e, w, team);
      const res = await call(handler, { method: e.method, path: r.path, params: r.params, body: r.body, as: w.as[caller] });
      const want = expected(caller, e, team);
      const label = `${caller} ${e.method} ${r.path} (team ${team ?? "-"}) -> ${res.status} ${res.text.slice(0, 200)}`;
      if (want === "allowed") {
        expect(res.status, label).not.toBe(401);
        expect(res.status, label).not.toBe(403);
        expect(res.status, label).toBeLessThan(500);
        // Valid bodies and real ids: the call succeeds.
        expect(res.status, label).toBe(e.status ?? 200);
      } else {
        expect(res.status, label).toBe(want);
        expect(res.body?.error?.code, label).toBe(want === 401 ? "unauthorized" : "forbidden");
      }
    }
  });
});

describe.each(ENDPOINTS.filter((e) => e.csv).map((e) => [`${e.method} ${e.path}?format=csv`, e] as const))("%s", (_name, e) => {
  it.each(CALLERS)("as %s", async (caller) => {
    const w = readWorld;
    const handler = (await ROUTES[e.path]!())[e.method] as Handler;
    const teams: ("A" | "B" | null)[] = teamScopedBy(e) ? [null, "A", "B"] : [null];
    for (const team of teams) {
      const r = request(e, w, team, true);
      const res = await call(handler, { method: e.method, path: r.path, params: r.params, as: w.as[caller] });
      const want = expected(caller, e, team, CSV_SCOPE[e.path] ?? e.scope);
      const label = `${caller} ${r.path} (team ${team ?? "-"}) -> ${res.status} ${res.text.slice(0, 200)}`;
      if (want === "allowed") {
        expect(res.status, label).toBe(200);
        expect(res.headers.get("content-type"), label).toMatch(/^text\/csv/);
      } else {
        expect(res.status, label).toBe(want);
        expect(res.body?.error?.code, label).toBe(want === 401 ? "unauthorized" : "forbidden");
      }
    }
  });
});

// ───────────── forged ids across teams ─────────────

describe("ids of another team through one's own team path", () => {
  it("a team lead of A cannot revoke team B's key by putting it under team A's path", async () => {
    const w = await makeWorld();
    const mod = await import("@/app/api/v1/teams/[teamId]/keys/[keyId]/route");
    const res = await call(mod.DELETE as Handler, { method: "DELETE", params: { teamId: w.a.teamId, keyId: w.b.keyId }, as: w.as.team_lead });
    expect(res.status).toBe(404);
    const key = await prisma.apiKey.findUniqueOrThrow({ where: { id: w.b.keyId } });
    expect(key.revokedAt).toBeNull();
  });

  it("a team lead of A lists only team A (GET /teams)", async () => {
    const w = await makeWorld();
    const { as } = await makeUser("team_lead", [{ teamId: w.a.teamId }]);
    const teams = await import("@/app/api/v1/teams/route");
    const res = await call(teams.GET as Handler, { as, path: "/api/v1/teams" });
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { id: string }) => t.id)).toEqual([w.a.teamId]);
  });
});
