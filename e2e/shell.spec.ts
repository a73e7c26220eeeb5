import { test, expect } from "@playwright/test";
import { E2E } from "./env";
import { login } from "./fixtures";

const SECTIONS = ["Overview", "Providers", "Models", "Teams", "Routing", "Spend", "Accuracy", "Swaps", "Audit", "Settings"];

test("the admin visits every section from the sidebar and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText(E2E.admin.email)).toBeVisible();
  await expect(page.getByText("admin", { exact: true })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of SECTIONS) {
    await nav.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  }
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/providers");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fproviders/);
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a wrong password gets a clear message and no session", async ({ page }) => {
    await login(page, E2E.admin.email, "not-the-password");
    // (Next.js adds an empty route-announcer alert of its own; ours is the one with text.)
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Incorrect email or password.");
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("callbackUrl cannot send the browser to another origin", async ({ page }) => {
    for (const evil of ["//evil.example/steal", "https://evil.example/", "/\\evil.example"]) {
      await login(page, E2E.admin.email, E2E.admin.password, evil);
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(E2E.baseURL);
      await page.context().clearCookies();
    }
  });

  test("the viewer cannot open admin pages, and the handlers refuse too", async ({ page }) => {
    await login(page, "viewer@switchyard.local", E2E.demoPassword());
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByText("viewer", { exact: true })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const hidden of ["Providers", "Audit", "Settings"]) await expect(nav.getByRole("link", { name: hidden })).toHaveCount(0);
    for (const path of ["/providers", "/audit", "/settings"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
    }
    // The browser's own session cookie, straight at the JSON API: refused by the handler itself.
    const users = await page.request.get("/api/v1/users");
    expect(users.status()).toBe(403);
    const create = await page.request.post("/api/v1/users", { data: { email: "mallory@example.test", password: "x".repeat(16), role: "admin" } });
    expect(create.status()).toBe(403);
    const me = await page.request.get("/api/v1/me");
    expect((await me.json()).role).toBe("viewer");
  });

  test("the setup page is closed once an admin exists", async ({ page, request }) => {
    await page.goto("/setup");
    await expect(page.getByText("Setup is complete")).toBeVisible();
    const res = await request.post("/api/setup", { data: { email: "late@example.test", password: "a-long-enough-password" } });
    expect(res.status()).toBe(409);
  });
});
