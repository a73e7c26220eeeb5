import OpenAI from "openai";
import { test, expect, type Page } from "@playwright/test";
import { E2E } from "./env";
import { login } from "./fixtures";

// The admin console as an admin uses it: register an in-house server, publish one of its models with prices,
// create a team and its key, route a task to the new model, check it with "Try it", call the gateway with the
// key, and find the request and the changes in the console. Names are unique per run.

const UPSTREAM_MODEL = "mistralai/Mixtral-8x7B-Instruct-v0.1";

test("an admin adds a provider, a priced model, a team with a key and a routing rule, and the gateway follows it", async ({ page }) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const providerName = `Local vLLM ${run}`;
  const modelName = `mixtral-e2e-${run}`;
  const teamName = `Invoices ${run}`;
  let apiKey = "";
  let teamUrl = "";

  await test.step("add a provider after testing its connection", async () => {
    await page.goto("/providers");
    await page.getByRole("button", { name: "Add provider" }).click();
    const dialog = page.getByRole("dialog", { name: "Add provider" });
    await dialog.getByLabel("Name").fill(providerName);
    await dialog.getByLabel("Kind").selectOption("openai-compatible");
    await dialog.getByLabel("Base URL").fill(`http://127.0.0.1:${E2E.demoUpstreamPort}/v1`);
    await dialog.getByLabel("API key").fill("sk-e2e-local-key-1234");
    await dialog.getByLabel("In-house").check();
    await dialog.getByRole("button", { name: "Test connection" }).click();
    const result = dialog.getByRole("status", { name: "Connection test result" });
    await expect(result).toContainText("Connection OK");
    await expect(result.getByRole("list", { name: "Upstream models" })).toContainText(UPSTREAM_MODEL);
    await dialog.getByRole("button", { name: "Add provider" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: providerName });
    await expect(row).toContainText("in-house");
    // Only the hint of the key is ever shown again.
    await expect(row).toContainText("sk-…1234");
  });

  await test.step("add a model of that provider with prices, then a new price version", async () => {
    await page.goto("/models");
    await page.getByRole("button", { name: "Add model" }).click();
    const dialog = page.getByRole("dialog", { name: "Add model" });
    await dialog.getByLabel("Provider").selectOption({ label: `${providerName} (in-house)` });
    await dialog.getByLabel("Public name").fill(modelName);
    await dialog.getByLabel("Upstream model").fill(UPSTREAM_MODEL);
    await dialog.getByLabel("Input price").fill("0.2");
    await dialog.getByLabel("Output price").fill("0.4");
    await dialog.getByRole("button", { name: "Add model" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: modelName });
    await expect(row).toContainText("$0.20");
    await expect(row).toContainText("$0.40");

    await row.getByRole("button", { name: "Prices" }).click();
    const prices = page.getByRole("dialog", { name: `Prices · ${modelName}` });
    await prices.getByLabel("Input price").fill("0.25");
    await prices.getByLabel("Output price").fill("0.5");
    await prices.getByRole("button", { name: "Add price" }).click();
    const history = prices.getByRole("table", { name: `Price history of ${modelName}` });
    await expect(history.getByRole("row").filter({ hasText: "current" })).toContainText("$0.25");
    await expect(history.getByRole("row").filter({ hasText: "past" })).toContainText("$0.20");
    await page.keyboard.press("Escape");
    await expect(prices).toBeHidden();
  });

  await test.step("create a team and a key, read once from its dialog", async () => {
    await page.goto("/teams");
    await page.getByRole("button", { name: "Create team" }).click();
    const dialog = page.getByRole("dialog", { name: "Create team" });
    await dialog.getByLabel("Name").fill(teamName);
    await expect(dialog.getByLabel("Slug")).toHaveValue(`invoices-${run}`);
    await dialog.getByRole("button", { name: "Create team" }).click();
    await expect(page.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
    teamUrl = page.url();

    await page.getByRole("button", { name: "Create key" }).first().click();
    const create = page.getByRole("dialog", { name: "Create API key" });
    await create.getByLabel("Name").fill("invoice-bot");
    await create.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("dialog", { name: "Copy your new API key" });
    await expect(shown).toContainText("won't be shown again");
    apiKey = await shown.getByLabel("New API key").inputValue();
    expect(apiKey).toMatch(/^sy-/);
    await shown.getByRole("button", { name: "Done" }).click();
    const keys = page.getByRole("table", { name: "API keys" });
    await expect(keys.getByRole("row").filter({ hasText: "invoice-bot" })).toContainText("active");
    // The list shows the prefix only, never the key.
    await expect(keys).not.toContainText(apiKey);
  });

  await test.step("route extraction to the new model, with a fallback, and check it with Try it", async () => {
    await page.getByRole("link", { name: "Routing policy" }).click();
    await expect(page).toHaveURL(/\/routing\?team=/);
    await expect(page.getByLabel("Team", { exact: true })).toHaveValue(teamUrl.split("/").pop()!);
    await page.getByLabel("New rule for task").selectOption("extraction");
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = page.getByRole("listitem", { name: "Rule for extraction" });
    for (const name of ["gpt-4o-mini", modelName]) {
      await rule.getByLabel("Add model to extraction").selectOption(name);
      await rule.getByRole("button", { name: "Add selected model to extraction" }).click();
    }
    // The new model was added second: make it the primary.
    const chain = rule.getByRole("list", { name: "Models for extraction" });
    await chain.getByRole("listitem").filter({ hasText: modelName }).getByRole("button", { name: "Move up" }).click();
    await expect(chain.getByRole("listitem").first()).toContainText(modelName);
    await expect(chain.getByRole("listitem").first()).toContainText("Primary");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Routing policy saved")).toBeVisible();

    // model "auto": the team's quality tolerance, from a preset; it survives a reload
    await page.getByRole("group", { name: "Quality tolerance preset" }).getByRole("button", { name: "Cost" }).click();
    await expect(page.getByLabel("Tolerance (0 to 1)")).toHaveValue("0.05");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Unsaved changes")).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel("Tolerance (0 to 1)")).toHaveValue("0.05");
    await expect(page.getByRole("button", { name: "Cost" })).toHaveAttribute("aria-pressed", "true");

    await page.getByLabel("Prompt").fill("Extract the invoice number and the total from: Invoice #4411, total 99.50 EUR");
    await page.getByLabel("Task", { exact: true }).selectOption("extraction");
    await page.getByRole("button", { name: "Try it" }).click();
    const result = page.getByRole("status", { name: "Route result" });
    await expect(result).toContainText("extraction");
    const tried = result.getByRole("list", { name: "Model chain" }).getByRole("listitem");
    await expect(tried.first()).toContainText(modelName);
    await expect(tried.first()).toContainText("in-house");
    await expect(tried.nth(1)).toContainText("gpt-4o-mini");
  });

  await test.step("the gateway routes the team's extraction request to the new model", async () => {
    const client = new OpenAI({ baseURL: `${E2E.baseURL}/api/route/v1`, apiKey });
    // Gateway instances pick up admin changes within a second (version polling): retry briefly.
    await expect(async () => {
      const { data, response } = await client.chat.completions
        .create({ model: "auto", messages: [{ role: "user", content: "Extract the invoice number from: Invoice #4411" }] }, { headers: { "x-switchyard-task": "extraction" } })
        .withResponse();
      expect(response.headers.get("x-switchyard-model")).toBe(modelName);
      expect(response.headers.get("x-switchyard-provider")).toBe(providerName);
      expect(data.choices[0]!.message.content?.length).toBeGreaterThan(0);
    }).toPass({ timeout: 10_000 });
  });

  await test.step("the request shows in the team's recent requests", async () => {
    await page.goto(teamUrl);
    const recent = page.getByRole("table", { name: "Recent requests" });
    // Request logs are written in batches (about a second).
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(recent.getByRole("row").filter({ hasText: modelName }).first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const row = recent.getByRole("row").filter({ hasText: modelName }).first();
    await expect(row).toContainText("extraction");
    await expect(row).toContainText("success");
    await expect(row).toContainText(providerName);
  });

  await test.step("the audit trail has the provider and the team, with what was set", async () => {
    await page.goto("/audit");
    const events = page.getByRole("table", { name: "Audit events" });
    await expect(events).toContainText("provider.create");
    await expect(events).toContainText("team.create");

    await page.getByLabel("Action").fill("provider.create");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(events.getByRole("row").filter({ hasText: "team.create" })).toHaveCount(0);
    await expandNewest(page, "provider.create");
    await expect(events).toContainText(`"name": "${providerName}"`);
    // The key itself is never in the audit trail, only its hint.
    await expect(events).not.toContainText("sk-e2e-local-key-1234");

    await page.getByLabel("Action").fill("team.create");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expandNewest(page, "team.create");
    await expect(events).toContainText(`"name": "${teamName}"`);
  });
});

async function expandNewest(page: Page, action: string) {
  const row = page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: action }).first();
  await row.getByRole("button", { name: "Show changes" }).click();
}

test.describe("finance", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees providers read-only: no add, edit, delete or toggles", async ({ page }) => {
    await login(page, "finance@switchyard.local", E2E.demoPassword());
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Providers", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Providers" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "OpenAI (demo)" });
    await expect(row).toContainText("enabled");
    await expect(page.getByRole("button", { name: "Add provider" })).toHaveCount(0);
    await expect(row.getByRole("button")).toHaveCount(0);
    await expect(page.getByRole("switch")).toHaveCount(0);
  });
});
