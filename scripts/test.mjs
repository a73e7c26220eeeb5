// npm test: typecheck, unit + integration tests (Vitest, real PostgreSQL), then end-to-end (Playwright, real
// Chromium against a production build). Stops at the first failing stage.
import { spawnSync } from "node:child_process";

const stages = [
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["unit + integration", ["npx", "vitest", "run"]],
  ["end-to-end", ["npx", "playwright", "test"]],
];

for (const [name, [cmd, ...args]] of stages) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(" ")}\n`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    process.stdout.write(`\n=== ${name} FAILED after ${secs}s\n`);
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`=== ${name} passed in ${secs}s\n`);
}
