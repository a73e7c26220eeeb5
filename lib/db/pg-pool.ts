import pg from "pg";
import { env } from "@/lib/env";

// A plain node-postgres pool for the few hot, set-based writes (the request log): Prisma's raw queries cost
// about 1 ms of CPU per logged request there (parameter handling in its query engine), pg's about 0.05 ms.
const g = globalThis as unknown as { __switchyardPgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!g.__switchyardPgPool) {
    g.__switchyardPgPool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5000, query_timeout: 15_000 });
    g.__switchyardPgPool.on("error", () => {}); // an idle client dropped by the server: the next query reconnects
  }
  return g.__switchyardPgPool;
}
