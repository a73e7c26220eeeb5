import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/env";

export type RuntimeSecrets = { nextauthSecret: string; secretKey: string };

/** Zero-config runs keep generated secrets in the data dir (mode 600) so sessions and sealed provider keys
 * survive restarts. With DATABASE_URL (a real deployment) both must come from the environment. */
export function resolveSecrets(e: Env): RuntimeSecrets {
  if (e.DATABASE_URL) {
    if (!e.NEXTAUTH_SECRET) throw new Error("NEXTAUTH_SECRET is not set: generate one with `openssl rand -base64 32`");
    if (!e.SWITCHYARD_SECRET_KEY) throw new Error("SWITCHYARD_SECRET_KEY is not set: generate one with `openssl rand -base64 32`");
    return { nextauthSecret: e.NEXTAUTH_SECRET, secretKey: e.SWITCHYARD_SECRET_KEY };
  }
  const file = path.join(e.dataDir, "secrets.json");
  let stored: Partial<RuntimeSecrets> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<RuntimeSecrets>;
  const secrets: RuntimeSecrets = {
    nextauthSecret: e.NEXTAUTH_SECRET ?? stored.nextauthSecret ?? crypto.randomBytes(32).toString("base64"),
    secretKey: e.SWITCHYARD_SECRET_KEY ?? stored.secretKey ?? crypto.randomBytes(32).toString("base64"),
  };
  if (stored.nextauthSecret !== secrets.nextauthSecret || stored.secretKey !== secrets.secretKey) {
    fs.mkdirSync(e.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** The demo admin's password: generated once per data dir (never a well-known default), printed at start. */
export function demoAdminPassword(dataDir: string): string {
  const existing = readSecretFile(dataDir, "demo-admin-password");
  if (existing) return existing;
  const fresh = crypto.randomBytes(9).toString("base64url");
  writeSecretFile(dataDir, "demo-admin-password", fresh);
  return fresh;
}

export function writeSecretFile(dataDir: string, name: string, value: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, name), value, { mode: 0o600 });
}

export function readSecretFile(dataDir: string, name: string): string | undefined {
  const file = path.join(dataDir, name);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}
