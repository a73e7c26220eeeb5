import crypto from "node:crypto";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, ensureDatabase, type EmbeddedHandle } from "@/lib/db/embedded";
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/schema-engine";

// Integration tests run against a real PostgreSQL: the one DATABASE_URL names (must be local), else an embedded
// server. Each run gets a fresh database, migrated with the committed migrations, dropped afterwards.

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const LOCAL = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export default async function setup(project: TestProject) {
  const name = `switchyard_test_${crypto.randomBytes(4).toString("hex")}`;
  let embedded: EmbeddedHandle | undefined;
  let serverUrl: URL;
  if (process.env.DATABASE_URL) {
    serverUrl = new URL(process.env.DATABASE_URL);
    if (!LOCAL.has(serverUrl.hostname)) throw new Error(`Refusing to run tests against non-local database host ${serverUrl.hostname}`);
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".switchyard", "test"), port: 54339, database: "postgres" });
    serverUrl = new URL(embedded.url);
  }
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  await ensureDatabase(admin.href, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.href);
  project.provide("databaseUrl", url.href);

  return async () => {
    const { Client } = (await import("pg")).default;
    const c = new Client({ connectionString: admin.href });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
    await embedded?.stop();
  };
}
