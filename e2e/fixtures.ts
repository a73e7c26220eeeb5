import { expect, type Page } from "@playwright/test";

export async function login(page: Page, email: string, password: string, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function expectSignedIn(page: Page, email: string) {
  await expect(page.getByText(email)).toBeVisible();
}
