import { describe, expect, it } from "vitest";
import { classifyTask } from "@/lib/router/classify";
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
const deps = (over: Partial<RouteDeps> = {}): RouteDeps => ({ random: () => 0.5, isCoolingDown: () => false, classify: classifyTask, ...over });
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

  it("never puts a zero-weight model first and drops it", () => {
    expect(orderTargets([{ modelId: "a", weight: 0 }, { modelId: "b", weight: 1 }], () => 0).map((t) => t.modelId)).toEqual(["b"]);
  });
});

describe("classifyTask", () => {
  it.each([
    ["Write a haiku about autumn", "writing"],
    ["Solve 3x + 5 = 20", "math"],
    ["Extract all dates from the following text", "extraction"],
    ["Plan the steps to migrate our database", "planning"],
    ["Why does ice float? Explain.", "reasoning"],
    ["```ts\nconst x = 1\n```", "code"],
    ["hello!", "chat"],
  ])("%s -> %s", (prompt, task) => {
    expect(classifyTask(prompt, ["code", "math", "reasoning", "planning", "writing", "extraction", "chat", "other"])).toBe(task);
  });

  it("stays inside the team's taxonomy", () => {
    expect(classifyTask("Write a poem", ["code", "other"])).toBe("other");
  });
});
