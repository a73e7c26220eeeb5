import { test, expect } from "@playwright/test";

// Eval sets as an admin uses them on the demo data: add the built-in MMLU samples, run them against two models for
// Platform Engineering, watch both runs finish with an accuracy; then a pasted file with a broken line is refused
// with that line named. The demo upstream answers MMLU by its documented rule, so the runs complete quickly.

const SET = "routellm-mmlu";

test("an admin runs the built-in MMLU set on two models and sees progress and accuracy; a bad upload names its line", async ({ page }) => {
  test.setTimeout(120_000);

  await page.goto("/accuracy");
  await page.getByRole("link", { name: "Eval sets", exact: true }).click();
  await expect(page).toHaveURL(/\/accuracy\/eval-sets$/);
  await expect(page.getByRole("heading", { level: 1, name: "Eval sets" })).toBeVisible();

  // The empty state repeats the header's buttons; either opens the same dialog.
  await page.getByRole("button", { name: "Add built-in set" }).first().click();
  const builtIn = page.getByRole("dialog", { name: "Add built-in set" });
  await builtIn.getByRole("button", { name: "Add RouteLLM MMLU samples (multiple choice)" }).click();
  await expect(builtIn).toBeHidden();

  const sets = page.getByRole("table", { name: "Eval sets" });
  const row = sets.getByRole("row").filter({ hasText: SET }).first();
  await expect(row).toContainText("Shared");
  await expect(row).toContainText("built-in");

  await row.getByRole("button", { name: `Run ${SET}` }).click();
  const run = page.getByRole("dialog", { name: `Run ${SET}` });
  await run.getByLabel("gpt-4", { exact: true }).check();
  await run.getByLabel("mixtral-8x7b", { exact: true }).check();
  await run.getByLabel("Team", { exact: true }).selectOption({ label: "Platform Engineering" });
  await run.getByLabel("Limit").fill("20");
  await run.getByRole("button", { name: "Start runs" }).click();
  await expect(run).toBeHidden();

  const runs = page.getByRole("table", { name: `Runs of ${SET}` });
  for (const model of ["gpt-4", "mixtral-8x7b"]) {
    const line = runs.getByRole("row").filter({ has: page.getByText(model, { exact: true }) });
    await expect(line.getByRole("progressbar", { name: `Progress of ${model}` })).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
    await expect(line).toContainText("20 / 20");
    await expect(line).toContainText("completed");
    await expect(line).toContainText(/\d+\.\d%/);
  }

  // Line 2 is not JSON: nothing is saved and the dialog lists the line.
  const name = `e2e broken upload ${Date.now()}`;
  await page.getByRole("button", { name: "Upload eval set" }).click();
  const upload = page.getByRole("dialog", { name: "Upload eval set" });
  await upload.getByLabel("Name").fill(name);
  await upload.getByLabel("Content").fill(['{"prompt": "What is 2+2?", "reference": "4"}', '{"prompt": "broken', '{"prompt": "Capital of France?", "reference": "Paris"}'].join("\n"));
  await upload.getByRole("button", { name: "Upload", exact: true }).click();
  const problems = upload.getByRole("list", { name: "Problems in the file" });
  await expect(problems.getByRole("listitem")).toHaveCount(1);
  await expect(problems).toContainText("line 2: not valid JSON");
  await upload.getByRole("button", { name: "Cancel" }).click();
  await expect(sets).not.toContainText(name);
});
