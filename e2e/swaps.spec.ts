import { test, expect } from "@playwright/test";
import { E2E } from "./env";

// Accuracy and swaps as an admin sees them on the demo data. Proposals cannot be created from outside (they come
// from shadow evidence), so these checks hold whether or not evaluations and proposals exist yet: the API says
// what there is, and the page must show it (or its empty state). The full approve -> canary flow is a separate spec.

const headers = { authorization: `Bearer ${E2E.adminToken}` };
const DAY = 86_400_000;

/** The page's default range ("30d"): the last 30 UTC days including today. */
function last30Days() {
  const now = new Date();
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY;
  return { from: new Date(to - 30 * DAY).toISOString(), to: new Date(to).toISOString() };
}

test("accuracy shows the table and chart, or explains where evidence comes from; a team's shadow evaluations are listed", async ({ page, request }) => {
  const { from, to } = last30Days();
  const api = await request.get(`/api/v1/accuracy?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { headers });
  expect(api.status()).toBe(200);
  const graded = ((await api.json()) as { rows: unknown[] }).rows.length;

  await page.goto("/accuracy");
  await expect(page.getByRole("heading", { level: 1, name: "Accuracy" })).toBeVisible();
  const table = page.getByRole("table", { name: "Accuracy by team, task and model" });
  const empty = page.getByRole("region", { name: "No evaluations yet" });
  // Loaded: a data row (placeholder rows are aria-hidden while the request runs) or the empty state.
  await expect(table.getByRole("row").nth(1).or(empty)).toBeVisible();

  if (graded > 0) await expect(table).toBeVisible(); // evidence never disappears from a range once it exists
  if (await table.isVisible()) {
    await expect(page.locator('figure[aria-label="Accuracy over time"] .recharts-surface').first()).toBeVisible();
  } else {
    for (const how of ["Shadow evaluation", "Feedback", "Eval sets"]) await expect(empty.getByText(how, { exact: true })).toBeVisible();
  }

  // The demo team Customer Support: its shadow evaluations, as the API has them, are listed; an admin may edit them.
  const teams = ((await (await request.get("/api/v1/teams", { headers })).json()) as { data: { id: string; name: string }[] }).data;
  const support = teams.find((t) => t.name === "Customer Support")!;
  expect(support).toBeTruthy();
  const configs = ((await (await request.get(`/api/v1/teams/${support.id}/shadow`, { headers })).json()) as { configs: { task: string; candidateModel: string }[] }).configs;

  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Customer Support" });
  await expect(page).toHaveURL(new RegExp(`[?&]teamId=${support.id}`));
  const shadow = page.getByRole("table", { name: "Shadow evaluations of Customer Support" });
  await expect(shadow).toBeVisible();
  if (configs.length === 0) await expect(shadow).toContainText("No shadow evaluations for this team.");
  for (const c of configs) await expect(shadow.getByRole("row").filter({ hasText: c.candidateModel }).filter({ hasText: c.task })).toBeVisible();

  // Editing starts from the saved list; cancelling changes nothing.
  await page.getByRole("button", { name: configs.length ? "Edit" : "Add candidate", exact: true }).click();
  const editor = page.getByRole("table", { name: "Edit shadow evaluations" });
  await expect(editor).toBeVisible();
  if (configs.length) await expect(editor.getByLabel("Task 1", { exact: true })).toHaveValue(configs[0]!.task);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(shadow).toBeVisible();
});

test("swaps lists the proposals by status, or explains when they appear", async ({ page, request }) => {
  const api = await request.get("/api/v1/swaps", { headers });
  expect(api.status()).toBe(200);
  const proposals = ((await api.json()) as { data: unknown[] }).data.length;

  await page.goto("/swaps");
  await expect(page.getByRole("heading", { level: 1, name: "Swaps" })).toBeVisible();
  const tabs = page.getByRole("tablist", { name: "Proposal status" });
  const empty = page.getByRole("region", { name: "No swap proposals yet" });
  // Loaded: the tabs carry their counts only once the list has arrived (or it is empty and explains itself).
  await expect(tabs.getByRole("tab", { name: /^All \d+$/ }).or(empty)).toBeVisible();

  if (proposals > 0) await expect(tabs).toBeVisible();
  if (!(await tabs.isVisible())) {
    await expect(empty).toContainText("non-inferior");
    await expect(empty.getByRole("link", { name: "Set up shadow evaluation" })).toHaveAttribute("href", "/accuracy");
    return;
  }

  const list = page.getByRole("table", { name: "Swap proposals" });
  await expect(page.getByRole("tab", { name: /^Proposed/ })).toHaveAttribute("aria-selected", "true");
  for (const [name, status] of [
    [/^In canary/, "canary"],
    [/^Completed/, "completed"],
    [/^Rejected & rolled back/, "closed"],
    [/^All/, "all"],
  ] as const) {
    const tab = page.getByRole("tab", { name });
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    await expect(page).toHaveURL(new RegExp(`/swaps\\?status=${status}$`));
    await expect(list).toBeVisible();
  }
  // "All" lists every proposal; each opens its detail page.
  await expect.poll(() => list.getByRole("row").count()).toBeGreaterThanOrEqual(proposals + 1);
  await list.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/swaps\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: "Evidence", exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Canary steps" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Swaps", exact: true }).first().click();
  await expect(page.getByRole("tab", { name: /^Proposed/ })).toHaveAttribute("aria-selected", "true");
});
