import fs from "node:fs";
import { test, expect, type Page } from "@playwright/test";
import { E2E } from "./env";
import { login } from "./fixtures";

// Spend as finance and a team viewer really use it, on the demo's seeded 30-day history (lib/services/demo-history.ts).

test.use({ storageState: { cookies: [], origins: [] } });

const month = () => new Date().toISOString().slice(0, 7);

/** Exact dollars ("12.345678901") -> integer nano-dollars, so totals compare exactly. */
function nano(usd: string): bigint {
  const [whole, frac = ""] = usd.trim().split(".");
  return BigInt(whole!) * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\n") row.push(cell.replace(/\r$/, "")), rows.push(row), (row = []), (cell = "");
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function signIn(page: Page, email: string) {
  await login(page, email, E2E.demoPassword());
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

test("finance explores spend, filters by team, and the statement CSV adds up to the statement", async ({ page }) => {
  await signIn(page, "finance@switchyard.local");
  await page.goto("/spend?range=30d");
  await expect(page.getByRole("heading", { level: 1, name: "Spend" })).toBeVisible();

  // Charts draw the seeded history: SVG surfaces with bars in them.
  const cost = page.locator('figure[aria-label="Cost over time"]');
  await expect(cost.locator(".recharts-surface").first()).toBeVisible();
  await expect.poll(() => cost.locator(".recharts-surface path.recharts-rectangle").count()).toBeGreaterThan(0);
  const usage = page.locator('figure[aria-label="Tokens and requests"]');
  await expect.poll(() => usage.locator(".recharts-surface path, .recharts-surface rect").count()).toBeGreaterThan(0);
  await expect(page.locator('figure[aria-label="In-house vs external cost"] .recharts-surface path').first()).toBeVisible();
  const topTeams = page.getByRole("table", { name: "Top teams" });
  for (const name of ["Platform Engineering", "Customer Support", "Research", "Data Extraction"]) await expect(topTeams.getByRole("button", { name, exact: true })).toBeVisible();

  // Filter to one team: the URL keeps it, the tables and charts follow.
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Customer Support" });
  await expect(page).toHaveURL(/teamId=/);
  await expect(topTeams.getByRole("row")).toHaveCount(2);
  await expect(topTeams.getByRole("button", { name: "Customer Support" })).toBeVisible();
  await expect.poll(() => cost.locator(".recharts-surface path.recharts-rectangle").count()).toBeGreaterThan(0);

  // Drill down: a top-models row opens its requests; a request opens its details.
  await page.getByRole("table", { name: "Top models" }).getByRole("row").nth(1).getByRole("button").click();
  const requests = page.getByRole("table", { name: "Requests" });
  await expect(requests.getByRole("row").nth(1)).toBeVisible();
  await requests.getByRole("row").nth(1).getByRole("button").click();
  const drawer = page.getByRole("dialog", { name: "Request" });
  await expect(drawer.getByText("Route reason", { exact: true })).toBeVisible();
  await expect(drawer.getByText("Attempts", { exact: true })).toBeVisible();
  await drawer.getByRole("button", { name: "Close" }).click();

  // The statement for this month, and its CSV: the lines add up to the total on the page, to the nano-dollar.
  await page.getByRole("link", { name: "Monthly statement" }).click();
  await expect(page).toHaveURL(new RegExp(`/spend/statement\\?month=${month()}`));
  await expect(page.getByRole("heading", { level: 1, name: "Spend statement" })).toBeVisible();
  await expect(page.getByRole("table", { name: "By cost centre" })).toBeVisible();

  // Live traffic from other specs may land between reading the page and downloading: retry on a fresh page.
  let pageTotal = "";
  let csvTotal = -1n;
  let header: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await page.reload();
    pageTotal = (await page.getByTestId("statement-total-usd").textContent())!.trim();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`switchyard-statement-${month()}.csv`);
    const rows = parseCsv(fs.readFileSync((await download.path())!, "utf8")).filter((r) => r.length > 1);
    header = rows[0]!;
    const cost = header.indexOf("CostUSD");
    csvTotal = rows.slice(1).reduce((s, r) => s + nano(r[cost]!), 0n);
    if (csvTotal === nano(pageTotal)) break;
  }
  expect(header).toEqual(["BillingPeriod", "CostCenter", "Team", "Provider", "Model", "Task", "Requests", "InputTokens", "OutputTokens", "CostUSD"]);
  expect(csvTotal).toBe(nano(pageTotal));
});

test("a viewer sees only their team's spend, cannot reach another team's, and cannot export", async ({ page }) => {
  const teams = await page.request.get("/api/v1/teams", { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  const platform = ((await teams.json()).data as { id: string; slug: string }[]).find((t) => t.slug === "platform")!;

  await signIn(page, "viewer@switchyard.local");
  await page.goto("/spend?range=30d");
  await expect(page.getByRole("heading", { level: 1, name: "Spend" })).toBeVisible();
  const topTeams = page.getByRole("table", { name: "Top teams" });
  await expect(topTeams.getByRole("row")).toHaveCount(2);
  await expect(topTeams.getByRole("button", { name: "Customer Support" })).toBeVisible();
  await expect(page.getByLabel("Team", { exact: true }).locator("option")).toHaveText(["All", "Customer Support"]);
  await expect.poll(() => page.locator('figure[aria-label="Cost over time"] .recharts-surface path.recharts-rectangle').count()).toBeGreaterThan(0);

  const summary = await page.request.get("/api/v1/spend/summary");
  expect(summary.status()).toBe(200);
  expect(((await summary.json()).teams as { label: string }[]).map((t) => t.label)).toEqual(["Customer Support"]);
  expect((await page.request.get(`/api/v1/spend?teamId=${platform.id}`)).status()).toBe(403);
  expect((await page.request.get(`/api/v1/reports/statement?teamId=${platform.id}`)).status()).toBe(403);
  expect((await page.request.get(`/api/v1/reports/statement?format=csv`)).status()).toBe(403);

  await page.goto(`/spend/statement?month=${month()}`);
  await expect(page.getByRole("heading", { level: 1, name: "Spend statement" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /Customer Support/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Platform Engineering/ })).toHaveCount(0);
});
