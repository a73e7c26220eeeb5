import OpenAI from "openai";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { loadDemoData } from "../lib/demo-upstream/data";
import { E2E } from "./env";

// Graders on live traffic, as an admin sets them up: in the browser, a regex grader (a catastrophic pattern is
// refused in the form first) and a JSON grader for Platform Engineering's writing answers; then the demo team key
// sends live traffic (JSON and streamed answers) and the graded results show up in the graders table and in the
// accuracy table. The demo upstream replays GPT-4's recorded MT-Bench answer ("Title: Aloha Spirit: ...").

const headers = { authorization: `Bearer ${E2E.adminToken}` };
const QUESTION = loadDemoData().mtBench[0]!.turns[0];
type Grader = { id: string; name: string; stats: { n: number; mean: number | null } };

async function gradersOf(request: APIRequestContext, teamId: string): Promise<Record<string, Grader>> {
  const res = await request.get(`/api/v1/teams/${teamId}/graders`, { headers });
  expect(res.status()).toBe(200);
  return Object.fromEntries(((await res.json()) as { data: Grader[] }).data.map((g) => [g.name, g]));
}

test("an admin adds regex and JSON graders in the browser; live answers, streamed or not, are graded and show up", async ({ page, request }) => {
  test.setTimeout(120_000);
  const teams = ((await (await request.get("/api/v1/teams", { headers })).json()) as { data: { id: string; slug: string }[] }).data;
  const platform = teams.find((t) => t.slug === "platform")!;

  await page.goto("/accuracy");
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Platform Engineering" });
  await expect(page).toHaveURL(new RegExp(`[?&]teamId=${platform.id}`));
  const table = page.getByRole("table", { name: "Graders of Platform Engineering" });
  await expect(table).toContainText("No graders for this team.");

  // A regex grader: the nested quantifier is refused before anything is sent, then a plain pattern is saved.
  await page.getByRole("button", { name: "Add grader", exact: true }).click();
  let dialog = page.getByRole("dialog", { name: "Add grader" });
  await dialog.getByLabel("Name").fill("aloha");
  await dialog.getByLabel("Task").fill("writing");
  await dialog.getByLabel("Pattern").fill("(a+)+$");
  await dialog.getByRole("button", { name: "Add grader" }).click();
  await expect(dialog.getByText(/Nested quantifiers such as \(a\+\)\+/)).toBeVisible();
  await dialog.getByLabel("Pattern").fill("aloha spirit");
  await dialog.getByRole("button", { name: "Add grader" }).click();
  await expect(dialog).toBeHidden();

  // A JSON grader on the same task: the recorded answer is prose, so it scores 0.
  await page.getByRole("button", { name: "Add grader", exact: true }).click();
  dialog = page.getByRole("dialog", { name: "Add grader" });
  await dialog.getByLabel("Name").fill("json-shape");
  await dialog.getByLabel("Task").fill("writing");
  await dialog.getByLabel("Kind").selectOption("json");
  await dialog.getByLabel("JSON Schema").fill('{"type": "object", "required": ["title"]}');
  await dialog.getByRole("button", { name: "Add grader" }).click();
  await expect(dialog).toBeHidden();

  const row = (name: string) => table.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
  await expect(row("aloha")).toContainText("must match /aloha spirit/i");
  await expect(row("json-shape")).toContainText("valid JSON matching a JSON Schema");
  await expect(row("aloha")).toContainText("100%");

  // Live traffic with the demo team key. The graders reach the gateway within a second: send until both grade.
  const client = new OpenAI({ baseURL: `${E2E.baseURL}/api/route/v1`, apiKey: E2E.demoTeamKey(), maxRetries: 0 });
  const opts = { headers: { "x-switchyard-task": "writing" } };
  await expect
    .poll(
      async () => {
        const r = await client.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: QUESTION }] }, opts);
        expect(r.choices[0]!.message.content).toMatch(/^Title: Aloha Spirit/);
        const g = await gradersOf(request, platform.id);
        return Math.min(g.aloha!.stats.n, g["json-shape"]!.stats.n);
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toBeGreaterThan(0);

  // A streamed answer is graded too: both counts go up by one.
  const before = await gradersOf(request, platform.id);
  const stream = await client.chat.completions.create({ model: "gpt-4", stream: true, messages: [{ role: "user", content: QUESTION }] }, opts);
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  expect(text).toMatch(/^Title: Aloha Spirit/);
  await expect.poll(async () => (await gradersOf(request, platform.id)).aloha!.stats.n, { timeout: 10_000 }).toBe(before.aloha!.stats.n + 1);
  await expect.poll(async () => (await gradersOf(request, platform.id))["json-shape"]!.stats.n, { timeout: 10_000 }).toBe(before["json-shape"]!.stats.n + 1);

  const after = await gradersOf(request, platform.id);
  expect(after.aloha!.stats.mean).toBe(1);
  expect(after["json-shape"]!.stats.mean).toBe(0);

  // What the admin sees: the counts and means in the graders table, and the scores in the accuracy table.
  await page.reload();
  await expect(row("aloha")).toContainText(String(after.aloha!.stats.n));
  await expect(row("aloha")).toContainText("100.0%");
  await expect(row("json-shape")).toContainText(String(after["json-shape"]!.stats.n));
  await expect(row("json-shape")).toContainText("0.0%");
  const total = after.aloha!.stats.n + after["json-shape"]!.stats.n;
  const accuracy = page.getByRole("table", { name: "Accuracy by team, task and model" });
  const line = accuracy.getByRole("row").filter({ hasText: "Platform Engineering" }).filter({ has: page.getByText("writing", { exact: true }) });
  await expect(line).toContainText("gpt-4");
  await expect(line.getByRole("cell").nth(3)).toHaveText(new RegExp(`(^|\\D)${total}$`)); // a "few" badge may precede it
  const mean = (after.aloha!.stats.n / total) * 100;
  await expect(line.getByRole("cell").nth(4)).toHaveText(`${mean.toFixed(1)}%`);

  // Deleting stops it; the table says so.
  await row("json-shape").getByRole("button", { name: "Delete grader json-shape" }).click();
  await page.getByRole("dialog", { name: "Delete grader json-shape?" }).getByRole("button", { name: "Delete grader" }).click();
  await expect(row("json-shape")).toHaveCount(0);
  expect(Object.keys(await gradersOf(request, platform.id))).toEqual(["aloha"]);
});
