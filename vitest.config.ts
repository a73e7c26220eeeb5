import path from "node:path";
import { defineConfig } from "vitest/config";

const include = ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"];
// These files change instance-wide settings (the judge model, the swap policy) that the others' flows read: they
// run after the rest, one file at a time.
const globalSettings = ["lib/gateway/auto-routing.int.test.ts", "lib/services/eval-sets.int.test.ts", "lib/services/swaps.int.test.ts", "lib/services/settings.int.test.ts", "lib/gateway/live-grading.int.test.ts"];

const shared = {
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
};

export default defineConfig({
  ...shared,
  test: {
    globalSetup: ["./lib/testing/global-setup.ts"],
    projects: [
      {
        ...shared,
        test: { name: "parallel", include, exclude: globalSettings, setupFiles: ["./lib/testing/setup-env.ts"], testTimeout: 30_000, hookTimeout: 120_000, pool: "forks", sequence: { groupOrder: 0 } },
      },
      {
        ...shared,
        test: { name: "global-settings", include: globalSettings, setupFiles: ["./lib/testing/setup-env.ts"], testTimeout: 30_000, hookTimeout: 120_000, pool: "forks", fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
