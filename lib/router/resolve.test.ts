import { describe, expect, it } from "vitest";
import { classifyWith, defaultClassifier } from "@/lib/router/auto/classifier";
import { orderTargets, resolveRoute } from "@/lib/router/resolve";
import type { Catalog, CatalogModel, RouteDeps, TeamPolicy } from "@/lib/router/types";

const model = (id: string, extra: Partial<CatalogModel> = {}): CatalogModel => ({
  id,
  name: id,
  aliases: [],
  providerId: "p",
  upstreamModel: id,
  inHouse: false,
  enabled: true,
  contextWindow: null,
  maxOutputTokens: null,
  ...extra,
});

const models = [model("gpt-4", { aliases: ["strong"] }), model("claude"), model("mixtral", { inHouse: true }), model("off", { enabled: false })];
const catalog: Catalog = {
  byId: new Map(models.map((m) => [m.id, m])),
  byName: new Map(models.flatMap((m) => [m.name, ...m.aliases].map((n) => [n.toLowerCase(), m.id] as const))),
};
const policy = (over: Partial<TeamPolicy> = {}): TeamPolicy => ({
  teamId: "t",
  tasks: ["code", "math", "chat", "other"],
  rules: new Map([
    ["code", [{ modelId: "gpt-4", weight: null }, { modelId: "claude", weight: null }]],
    ["math", [{ modelId: "gpt-4", weight: 90 }, { modelId: "mixtral", weight: 10 }, { modelId: "claude", weight: null }]],
  ]),
  defaults: [{ modelId: "mixtral", weight: null }, { modelId: "claude", weight: null }],
  allowed: null,
  ...over,
});
const deps = (over: Partial<RouteDeps> = {}): RouteDeps => ({ random: () => 0.5, isCoolingDown: () => false, classify: classifyWith(defaultClassifier()), ...over });
const names = (r: ReturnType<typeof resolveRoute>) => (r.ok ? r.chain.map((m) => m.name) : r.code);

describe("resolveRoute", () => {
  it.each([
    ["auto + header task", { requestedModel: "auto", taskHeader: "code", prompt: "hello" }, ["gpt-4", "claude"], "code", "header"],
    ["header beats metadata", { requestedModel: "auto", taskHeader: "code", taskMetadata: "math", prompt: "" }, ["gpt-4", "claude"], "code", "header"],
    ["metadata when no header", { requestedModel: "auto", taskMetadata: "Code", prompt: "" }, ["gpt-4", "claude"], "code", "metadata"],
    ["classifier otherwise", { requestedModel: "auto", prompt: "Fix this python function" }, ["gpt-4", "claude"], "code", "classifier"],
    ["no rule -> defaults", { requestedModel: "auto", prompt: "hi there" }, ["mixtral", "claude"], "chat", "classifier"],
    ["explicit model + rule fallbacks", { requestedModel: "claude", taskHeader: "code", prompt: "" }, ["claude", "gpt-4"], "code", "header"],
    ["alias, any case", { requestedModel: "STRONG", taskHeader: "chat", prompt: "" }, ["gpt-4", "mixtral", "claude"], "chat", "header"],
  ] as const)("%s", (_name, req, chain, task, source) => {
    const r = resolveRoute(policy(), catalog, req, deps());
    expect(names(r)).toEqual(chain);
    expect(r.ok && r.task).toBe(task);
    expect(r.ok && r.taskSource).toBe(source);
  });

  it.each([
    [{ requestedModel: "nope", prompt: "" }, 404, "model_not_found"],
    [{ requestedModel: "off", prompt: "" }, 404, "model_not_found"],
    [{ requestedModel: "auto", taskHeader: "Bad Task!", prompt: "" }, 400, "invalid_task"],
  ] as const)("refuses %o", (req, status, code) => {
    const r = resolveRoute(policy(), catalog, req, deps());
    expect(r.ok).toBe(false);
    expect(!r.ok && [r.status, r.code]).toEqual([status, code]);
  });

  it("refuses a model the team may not use with 403, and drops disallowed fallbacks", () => {
    const p = policy({ allowed: new Set(["gpt-4", "mixtral"]) });
    const r = resolveRoute(p, catalog, { requestedModel: "claude", prompt: "" }, deps());
    expect(!r.ok && r.status).toBe(403);
    expect(names(resolveRoute(p, catalog, { requestedModel: "auto", taskHeader: "code", prompt: "" }, deps()))).toEqual(["gpt-4"]);
  });

  it("says what to configure when nothing is usable", () => {
    const r = resolveRoute(policy({ defaults: [] }), catalog, { requestedModel: "auto", taskHeader: "chat", prompt: "" }, deps());
    expect(!r.ok && r.message).toMatch(/routing policy/);
  });

  it("splits by weight and keeps unweighted models as fallbacks", () => {
    const hi = resolveRoute(policy(), catalog, { requestedModel: "auto", taskHeader: "math", prompt: "" }, deps({ random: () => 0.95 }));
    const lo = resolveRoute(policy(), catalog, { requestedModel: "auto", taskHeader: "math", prompt: "" }, deps({ random: () => 0.1 }));
    expect(names(hi)).toEqual(["mixtral", "gpt-4", "claude"]);
    expect(names(lo)).toEqual(["gpt-4", "mixtral", "claude"]);
  });

  it("moves models cooling down to the end and says so", () => {
    const r = resolveRoute(policy(), catalog, { requestedModel: "auto", taskHeader: "code", prompt: "" }, deps({ isCoolingDown: (id) => id === "gpt-4" }));
    expect(names(r)).toEqual(["claude", "gpt-4"]);
    expect(r.ok && r.reason).toMatch(/cooling down: gpt-4/);
  });
});

describe("orderTargets", () => {
  it("follows the weights over many draws", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const targets = [{ modelId: "a", weight: 75 }, { modelId: "b", weight: 25 }];
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (orderTargets(targets, random)[0]!.modelId === "a") a++;
    expect(a / 10_000).toBeGreaterThan(0.73);
    expect(a / 10_000).toBeLessThan(0.77);
  });

  it("never puts a zero-weight model first; it stays a fallback in its place, like an unweighted one", () => {
    expect(orderTargets([{ modelId: "a", weight: 0 }, { modelId: "b", weight: 1 }], () => 0).map((t) => t.modelId)).toEqual(["b", "a"]);
    const pinned = [{ modelId: "new", weight: 100 }, { modelId: "old", weight: 0 }, { modelId: "other", weight: null }];
    for (const r of [0, 0.5, 0.99]) expect(orderTargets(pinned, () => r).map((t) => t.modelId)).toEqual(["new", "old", "other"]);
  });
});

describe("auto-routing by measured quality", () => {
  // code: gpt-4 then claude; defaults: mixtral then claude. Prices per MTok: gpt-4 20, claude 9, mixtral 0.24.
  const price: Record<string, number> = { "gpt-4": 20, claude: 9, mixtral: 0.24 };
  const withQuality = (q: Record<string, Record<string, [number, number]>>) =>
    deps({ quality: (task, id) => (q[task]?.[id] ? { p: q[task]![id]![0], n: q[task]![id]![1] } : undefined), pricePerMTok: (id) => price[id]! });

  it.each([
    ["cheaper model within tolerance goes first", { code: { "gpt-4": [0.9, 50], claude: [0.89, 50] } }, 0.02, ["claude", "gpt-4"], /claude p=0\.89 within 0\.02 of gpt-4 p=0\.90/],
    ["a real gap keeps the strong model", { code: { "gpt-4": [0.9, 50], claude: [0.8, 50] } }, 0.02, ["gpt-4", "claude"], /gpt-4 p=0\.90 is the best/],
    ["a wider tolerance accepts the gap", { code: { "gpt-4": [0.9, 50], claude: [0.8, 50] } }, 0.15, ["claude", "gpt-4"], /within 0\.15/],
    ["thin evidence changes nothing", { code: { "gpt-4": [0.9, 50], claude: [0.95, 5] } }, 0.02, ["gpt-4", "claude"], null],
    ["no evidence for the primary changes nothing", { code: { claude: [0.95, 50] } }, 0.02, ["gpt-4", "claude"], null],
  ] as const)("%s", (_label, q, tolerance, chain, reason) => {
    const r = resolveRoute(policy({ qualityTolerance: tolerance }), catalog, { requestedModel: "auto", taskHeader: "code", prompt: "x" }, withQuality(q as never));
    expect(names(r)).toEqual(chain);
    if (r.ok && reason) expect(r.reason).toMatch(reason);
    if (r.ok && !reason) expect(r.reason).not.toMatch(/auto:/);
  });

  it("leaves weighted rules (splits, canaries) and explicit models alone", () => {
    const q = withQuality({ math: { "gpt-4": [0.9, 50], mixtral: [0.9, 50] }, code: { "gpt-4": [0.9, 50], claude: [0.9, 50] } });
    expect(names(resolveRoute(policy(), catalog, { requestedModel: "auto", taskHeader: "math", prompt: "x" }, { ...q, random: () => 0 }))).toEqual(["gpt-4", "mixtral", "claude"]);
    expect(names(resolveRoute(policy(), catalog, { requestedModel: "gpt-4", taskHeader: "code", prompt: "x" }, q))).toEqual(["gpt-4", "claude"]);
  });
});
