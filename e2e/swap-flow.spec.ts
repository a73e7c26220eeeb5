import OpenAI from "openai";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { loadDemoData } from "../lib/demo-upstream/data";
import { E2E } from "./env";

// Issue 6 (a), end to end on the demo with the real recorded MT-Bench outcomes: the Support team's humanities
// traffic, served by gpt-4o-mini, is shadowed to the in-house Mixtral and judged (GPT-4 as judge, answering with
// the recorded GPT-4 judgements). Mixtral is as good there, so the controller proposes a swap; the admin
// approves it in the browser; the canary ramps 50% -> 100% on graded live answers; spend per request drops and the
// monthly statement shows the realized savings. (b) and (c) are covered on the same data in
// lib/services/swaps.int.test.ts.

const admin = { authorization: `Bearer ${E2E.adminToken}` };
const HUMANITIES = loadDemoData()
  .mtBench.filter((q) => (q as unknown as { category: string }).category === "humanities")
  .map((q) => q.turns[0]);

async function json<T>(res: Promise<{ json(): Promise<unknown>; ok(): boolean; status(): number }>): Promise<T> {
  const r = await res;
  expect(r.ok(), `HTTP ${r.status()}`).toBe(true);
  return (await r.json()) as T;
}

type Swap = { id: string; status: string; currentPercent: number; realizedSavingsUsd: number; toModel: string };
const swapsOf = (request: APIRequestContext, teamId: string) => json<{ data: Swap[] }>(request.get(`/api/v1/swaps?teamId=${teamId}`, { headers: admin }));

test("a swap proposed on shadow evidence is approved in the browser, ramps to 100%, and spend drops", async ({ page, request }) => {
  test.setTimeout(300_000);
  await json(request.put("/api/v1/settings", { headers: admin, data: { swapPolicy: { minSamples: 40, minSamplesPerStep: 5, canarySteps: [50, 100], margin: 0.02, cosignAboveUsd: 1_000_000, maxErrorRate: 0.2 } } }));
  const teams = await json<{ data: { id: string; slug: string }[] }>(request.get("/api/v1/teams", { headers: admin }));
  const support = teams.data.find((t) => t.slug === "support")!;
  const { key } = await json<{ key: string }>(request.post(`/api/v1/teams/${support.id}/keys`, { headers: admin, data: { name: "swap flow e2e" } }));
  await json(request.put(`/api/v1/teams/${support.id}/shadow`, { headers: admin, data: { configs: [{ task: "humanities", candidateModel: "mixtral-8x7b", sampleRate: 1 }] } }));

  const client = new OpenAI({ baseURL: `${E2E.baseURL}/api/route/v1`, apiKey: key, maxRetries: 0 });
  // Each call continues the cycle through the humanities questions: the evidence must cover them evenly (the
  // models' recorded quality differs by question), however the traffic is split into calls.
  let cursor = 0;
  const send = async (n: number) => {
    const models: string[] = [];
    const start = cursor;
    cursor += n;
    for (let i = 0; i < n; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, n - i) }, (_, j) =>
          client.chat.completions
            .create({ model: "auto", messages: [{ role: "user", content: HUMANITIES[(start + i + j) % HUMANITIES.length]! }] }, { headers: { "x-switchyard-task": "humanities" } })
            .withResponse(),
        ),
      );
      models.push(...batch.map((b) => b.response.headers.get("x-switchyard-model")!));
    }
    return models;
  };

  // Keys and shadow settings reach the gateway within a second; then 45 requests of evidence.
  // 401 until the new key arrives; any other failure shows up as the polled value
  await expect.poll(async () => (await send(1).catch((err: Error) => [`${err.constructor.name}: ${err.message}`]))[0], { timeout: 10_000 }).toBe("gpt-4o-mini");
  await send(45);
  // The shadow setting can reach the gateway one config poll (500 ms) after the key does, so the first requests
  // may go unshadowed and 45 may fall short of minSamples (40): keep sending until the evidence is in.
  await expect
    .poll(
      async () => {
        const n = (await swapsOf(request, support.id)).data.length;
        if (n === 0) await send(5);
        return n;
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBeGreaterThan(0);
  const proposal = (await swapsOf(request, support.id)).data[0]!;
  expect(proposal).toMatchObject({ status: "proposed", toModel: "mixtral-8x7b" });

  // The admin reads the evidence and approves in the browser.
  await page.goto(`/swaps/${proposal.id}`);
  await expect(page.getByText("mixtral-8x7b").first()).toBeVisible();
  await page.getByRole("button", { name: "Approve and start canary" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Approve and start canary" }).click();
  await expect.poll(async () => (await swapsOf(request, support.id)).data[0]!.status, { timeout: 15_000 }).toBe("canary");

  // Live traffic ramps it: graded answers of the candidate at 50%, then 100%.
  await expect
    .poll(
      async () => {
        await send(10);
        return (await swapsOf(request, support.id)).data[0]!.status;
      },
      { timeout: 180_000, intervals: [1000] },
    )
    .toBe("completed");
  // The completed swap's pinned rule reaches the gateway within a config poll (500 ms): from then on, all of it.
  await expect.poll(async () => (await send(10)).every((m) => m === "mixtral-8x7b"), { timeout: 10_000, intervals: [500] }).toBe(true);

  await page.reload();
  await expect(page.getByText(/completed/i).first()).toBeVisible();

  // Spend per request dropped, and the month's statement shows realized savings.
  const log = await json<{ data: { model: string | null; costUsd: number; task: string }[] }>(request.get(`/api/v1/requests?teamId=${support.id}&limit=200`, { headers: admin }));
  const avg = (m: string) => {
    const rows = log.data.filter((r) => r.model === m && r.task === "humanities");
    return rows.reduce((s, r) => s + r.costUsd, 0) / rows.length;
  };
  expect(avg("mixtral-8x7b")).toBeLessThan(avg("gpt-4o-mini"));
  await expect.poll(async () => (await swapsOf(request, support.id)).data[0]!.realizedSavingsUsd, { timeout: 30_000 }).toBeGreaterThan(0);
  const month = new Date().toISOString().slice(0, 7);
  const statement = await json<{ teams: { teamId: string; totals: { realizedSavingsUsd: string | number } }[] }>(request.get(`/api/v1/reports/statement?month=${month}&teamId=${support.id}`, { headers: admin }));
  expect(Number(statement.teams.find((t) => t.teamId === support.id)!.totals.realizedSavingsUsd)).toBeGreaterThan(0);
  await page.goto(`/spend/statement?month=${month}&teamId=${support.id}`);
  await expect(page.getByText("Realized savings (completed swaps)")).toBeVisible();
});
