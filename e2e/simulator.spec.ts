import { test, expect } from "@playwright/test";
import { E2E } from "./env";

// The what-if simulator on the demo data, as an admin: Research's seeded MT-Bench runs (GPT-4 and the in-house
// Mixtral, scored with the recorded judge verdicts) give a curve, metric tiles and the policy's point, each equal to
// what the API computes; moving the tolerance moves the point and changes nothing; a team without paired evidence
// gets the empty state, never a zero.

const headers = { authorization: `Bearer ${E2E.adminToken}` };
type Sim = {
  enough: boolean;
  strong: string;
  weak: string;
  pairs: number;
  metrics: { n: number; apgr: number; cpt50: number; cpt80: number; aiq: number };
  random: { apgr: number };
  policy: { weakShare: number; quality: number; teamTolerance: number };
};
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

test("an admin replays Research's graded prompts: metrics, curve and the tolerance's point; nothing changes", async ({ page, request }) => {
  test.setTimeout(90_000);
  const teams = ((await (await request.get("/api/v1/teams", { headers })).json()) as { data: { id: string; name: string }[] }).data;
  const research = teams.find((t) => t.name === "Research")!;
  const data = teams.find((t) => t.name === "Data Extraction")!;
  const simulate = async (teamId: string, query = "") => {
    const res = await request.get(`/api/v1/teams/${teamId}/routing-policy/simulate${query}`, { headers });
    expect(res.status()).toBe(200);
    return (await res.json()) as Sim;
  };
  const api = await simulate(research.id);
  expect(api).toMatchObject({ enough: true, strong: "gpt-4", weak: "mixtral-8x7b" });
  expect(api.pairs).toBeGreaterThanOrEqual(80);
  const policyBefore = await (await request.get(`/api/v1/teams/${research.id}/routing-policy`, { headers })).json();

  await page.goto(`/routing/simulator?team=${research.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "What-if simulator" })).toBeVisible();
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue(research.id);
  await expect(page.getByLabel("Strong model", { exact: true })).toHaveValue("gpt-4");
  await expect(page.getByLabel("Weak model", { exact: true })).toHaveValue("mixtral-8x7b");

  const tiles = page.getByRole("region", { name: "Router metrics" });
  const tile = (label: string) => tiles.locator("dl").filter({ has: page.getByText(label, { exact: true }) });
  await expect(tile("APGR")).toContainText(api.metrics.apgr.toFixed(3));
  await expect(tile("APGR")).toContainText(`n = ${api.metrics.n} held-out pairs`);
  await expect(tile("CPT(50%)")).toContainText(pct(api.metrics.cpt50));
  await expect(tile("CPT(80%)")).toContainText(pct(api.metrics.cpt80));
  await expect(tile("AIQ")).toContainText(api.metrics.aiq.toFixed(3));
  await expect(tile("Random APGR")).toContainText(api.random.apgr.toFixed(3));

  const chart = page.locator('figure[aria-label="Quality against the share sent to the strong model"]');
  await expect(chart.locator(".recharts-surface").first()).toBeVisible();
  for (const series of ["Router (held-out pairs)", "Random router", "Your tolerance"]) await expect(chart.getByText(series, { exact: true })).toBeVisible();
  await expect(chart.locator(".recharts-line-curve")).toHaveCount(2);
  await expect(chart.locator(".recharts-scatter-symbol")).toHaveCount(1);

  // The team's own tolerance first, then the slider's maximum: more goes to Mixtral, as the API says.
  const sentToWeak = page.getByLabel("Candidate policy", { exact: true });
  await expect(page.locator('output[for="sim-tolerance"]')).toHaveText(api.policy.teamTolerance.toFixed(2));
  await expect(sentToWeak).toContainText(`Sent to mixtral-8x7b${pct(api.policy.weakShare)}`);
  const wide = await simulate(research.id, "?tolerance=0.2");
  expect(wide.policy.weakShare).toBeGreaterThan(api.policy.weakShare);
  await page.getByLabel("Quality tolerance", { exact: true }).focus();
  await page.keyboard.press("End");
  await expect(page.locator('output[for="sim-tolerance"]')).toHaveText("0.20");
  await expect(sentToWeak).toContainText(`Sent to mixtral-8x7b${pct(wide.policy.weakShare)}`);
  await expect(sentToWeak).toContainText(wide.policy.quality.toFixed(3));
  await expect(page.getByRole("heading", { name: '"auto" at tolerance 0.20' })).toBeVisible();

  // Simulated only: the routing policy is exactly as it was.
  expect(await (await request.get(`/api/v1/teams/${research.id}/routing-policy`, { headers })).json()).toEqual(policyBefore);

  // A team without paired evidence: the empty state says what is needed; no tile shows a number.
  const empty = await simulate(data.id);
  expect(empty.enough).toBe(false);
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Data Extraction" });
  const state = page.getByRole("region", { name: "Too few pairs to simulate" });
  await expect(state).toBeVisible();
  await expect(state).toContainText("needs shadow evidence or an eval run with both models");
  await expect(state.getByRole("link", { name: "Run an eval set" })).toHaveAttribute("href", "/accuracy/eval-sets");
  await expect(page.getByRole("region", { name: "Router metrics" })).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`[?&]team=${data.id}`));

  // The way back to change something is the routing editor.
  await page.getByRole("link", { name: "Open the routing editor" }).click();
  await expect(page).toHaveURL(new RegExp(`/routing\\?team=${data.id}`));
  await expect(page.getByRole("heading", { level: 1, name: "Routing" })).toBeVisible();
});
