import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(".switchyard/e2e");

export const E2E = {
  port: 3100,
  baseURL: "http://127.0.0.1:3100",
  dataDir,
  adminState: path.resolve("test-results/.auth/admin.json"),
  admin: { email: "admin@e2e.test", password: "e2e-admin-password-1" },
  adminToken: "e2e-admin-token-0123456789abcdef",
  demoUpstreamPort: 3998,
  /** The seeded Platform Engineering team's key, kept by the launcher in the data dir. */
  demoTeamKey: () => fs.readFileSync(path.join(dataDir, "demo-team-key"), "utf8").trim(),
  /** Demo users (viewer@, finance@, lead@switchyard.local) share the data dir's generated demo password. */
  demoPassword: () => fs.readFileSync(path.join(dataDir, "demo-admin-password"), "utf8").trim(),
};
