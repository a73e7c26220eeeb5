import { test as setup, expect } from "@playwright/test";
import { E2E } from "./env";
import { login } from "./fixtures";

setup("sign in as the bootstrap admin", async ({ page }) => {
  await login(page, E2E.admin.email, E2E.admin.password);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.context().storageState({ path: E2E.adminState });
});
