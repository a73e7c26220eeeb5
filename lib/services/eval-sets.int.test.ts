import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { loadDemoData } from "@/lib/demo-upstream/data";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { getAccuracy } from "@/lib/services/accuracy";
import { createEvalSet, getEvalSetOrThrow, importBuiltInSet, parseEvalItems, startEvalRuns } from "@/lib/services/eval-sets";
import { makeModel, makeProvider, makeTeam, uid } from "@/lib/testing/factories";

let upstream: DemoUpstream;
let gpt4: string;
let mixtral: string;
let teamId: string;
const admin = { actor: { kind: "token" as const, id: null, email: "admin-token", name: null, role: "admin" as const, teamIds: [] } };

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  const oa = await makeProvider({ baseUrl: `${upstream.url}/v1` });
  const inhouse = await makeProvider({ baseUrl: `${upstream.url}/v1`, kind: "openai_compatible", inHouse: true });
  const g = await makeModel({ providerId: oa.id, upstreamModel: "gpt-4-1106-preview" });
  const m = await makeModel({ providerId: inhouse.id, upstreamModel: "mistralai/Mixtral-8x7B-Instruct-v0.1", inPrice: 0.24, outPrice: 0.24 });
  [gpt4, mixtral] = [g.name, m.name];
  await prisma.setting.upsert({ where: { key: "accuracy.judgeModel" }, create: { key: "accuracy.judgeModel", value: gpt4 }, update: { value: gpt4 } });
  teamId = (await makeTeam({ defaults: [g.id] })).team.id;
});
afterAll(() => upstream?.close());

async function finished(setId: string) {
  for (let i = 0; i < 300; i++) {
    const s = await getEvalSetOrThrow(admin, setId);
    if (s.runs.every((r) => r.status === "completed" || r.status === "failed")) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("eval runs did not finish");
}

describe("eval sets", () => {
  it("parses JSONL and CSV uploads and names the line of each problem", () => {
    const jsonl = ['{"prompt":"2+2?","reference":"4","grader":"final-number","task":"math"}', "", "{oops", '{"prompt":"","reference":"x"}', '{"prompt":"Capital of France?","reference":"Paris"}'].join("\n");
    const r = parseEvalItems("jsonl", jsonl, { task: "other", grader: "exact" });
    expect(r.items).toHaveLength(2);
    expect(r.errors).toEqual([
      { path: "line 3", message: "not valid JSON" },
      { path: "line 4", message: "prompt is required" },
    ]);
    const csv = 'prompt,reference,grader\n"Say ""hi"", please",hi,exact\nName a color,,regex\n';
    const c = parseEvalItems("csv", csv, { task: "chat", grader: "exact" });
    expect(c.items[0]).toEqual({ prompt: 'Say "hi", please', reference: "hi", task: "chat", grader: "exact" });
    expect(c.errors).toEqual([{ path: "line 3", message: "the regex grader needs a reference" }]);
  });

  it("refuses a bad upload with a 422 listing the lines, and stores nothing", async () => {
    const name = uid("bad");
    await expect(createEvalSet(admin, { name, teamId, format: "jsonl", content: '{"prompt":"x","grader":"nope"}', defaultTask: "other", defaultGrader: "exact" })).rejects.toThrow(/line 1: grader "nope"/);
    expect(await prisma.evalSet.count({ where: { name } })).toBe(0);
  });

  it("runs the built-in MT-Bench set against GPT-4 and Mixtral with the recorded judgements", async () => {
    const set = await importBuiltInSet(admin, "routellm-mt-bench");
    expect(set.items).toBe(80);
    expect(set.tasks).toContain("code");
    await startEvalRuns(admin, set.id, { models: [gpt4, mixtral], teamId });
    const done = await finished(set.id);
    const acc = (m: string) => done.runs.find((r) => r.model === m)!;
    expect(acc(gpt4)).toMatchObject({ status: "completed", done: 80, total: 80 });
    // The recorded GPT-4 judge means over the 80 first turns: GPT-4 9.41/10, Mixtral 8.70/10 (from the data itself).
    const data = loadDemoData();
    const mean = (f: "gpt4" | "mixtral") => data.mtBench.reduce((s, q) => s + q.scores[f][0], 0) / data.mtBench.length / 10;
    expect(acc(gpt4).accuracy).toBeCloseTo(mean("gpt4"), 6);
    expect(acc(mixtral).accuracy).toBeCloseTo(mean("mixtral"), 6);
    expect(acc(gpt4).ciLow).toBeLessThan(acc(gpt4).accuracy!);
    const a = await getAccuracy(admin, { teamId, source: "eval_set", model: mixtral });
    const code = a.rows.find((r) => r.task === "code")!;
    expect(code.n).toBe(10);
  }, 60_000);

  it("grades the built-in MMLU samples by letter: each model scores its recorded correctness", async () => {
    const set = await importBuiltInSet(admin, "routellm-mmlu");
    await startEvalRuns(admin, set.id, { models: [mixtral], teamId, limit: 40 });
    const done = await finished(set.id);
    const run = done.runs.find((r) => r.model === mixtral)!;
    const samples = loadDemoData().mmlu.samples.slice(0, 40);
    expect(run.accuracy).toBeCloseTo(samples.filter((s) => s.mixtral).length / 40, 6);
  }, 60_000);
});
