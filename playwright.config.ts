import fs from "node:fs";
import { createRequire } from "node:module";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/env";

// Playwright's own Chromium where installed; Debian's /usr/bin/chromium otherwise (offline machines, CI).
function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  try {
    const require = createRequire(import.meta.url);
    const own = (require("playwright-core") as typeof import("playwright-core")).chromium.executablePath();
    if (own && fs.existsSync(own)) return undefined;
  } catch {
    // fall through
  }
  return fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? "line" : "list",
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], storageState: E2E.adminState }, dependencies: ["setup"] },
  ],
  webServer: {
    // A fresh data dir each run: a new database, seeded once, so every run starts from the same state.
    command: `rm -rf ${JSON.stringify(E2E.dataDir)} && exec node --import tsx scripts/start.ts`,
    url: `${E2E.baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(E2E.port),
      HOSTNAME: "127.0.0.1",
      SWITCHYARD_DATA_DIR: E2E.dataDir,
      SWITCHYARD_DEMO: "true",
      SWITCHYARD_ADMIN_EMAIL: E2E.admin.email,
      SWITCHYARD_ADMIN_PASSWORD: E2E.admin.password,
      SWITCHYARD_ADMIN_TOKEN: E2E.adminToken,
      SWITCHYARD_EMBEDDED_PG_PORT: "54349",
      SWITCHYARD_DEMO_UPSTREAM_PORT: String(E2E.demoUpstreamPort),
      SWITCHYARD_DEMO_LATENCY_SCALE: "0.1", // realistic shape, a tenth of the wait
      DATABASE_URL: "",
    },
  },
});
