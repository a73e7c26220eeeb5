import type { Env } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export type DatabaseHandle = { url: string; embedded: boolean; stop: () => Promise<void> };

/** DATABASE_URL when set (never starting the embedded server), else the embedded PostgreSQL in the data dir. */
export async function resolveDatabase(e: Env, log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  if (e.DATABASE_URL) {
    await assertReachable(e.DATABASE_URL);
    return { url: e.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const pg = await startEmbeddedPostgres({
    dataDir: e.dataDir,
    port: e.SWITCHYARD_EMBEDDED_PG_PORT,
    portExplicit: process.env.SWITCHYARD_EMBEDDED_PG_PORT !== undefined,
    log,
  });
  return { url: pg.url, embedded: true, stop: pg.stop };
}

export async function assertReachable(url: string): Promise<void> {
  const { Client } = (await import("pg")).default;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (err) {
    const host = safeHost(url);
    throw new Error(`Cannot reach the database at ${host} (${(err as Error).message}): check DATABASE_URL`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** host:port/db of a connection URL, without credentials, for error messages and logs. */
export function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "an unparsable DATABASE_URL";
  }
}
