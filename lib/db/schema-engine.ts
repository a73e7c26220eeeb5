import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine, MigrationList, SchemaFilter } from "@prisma/schema-engine-wasm";

// Prisma's native schema engine is a downloaded binary, which offline machines cannot fetch. The same engine
// ships as WASM in @prisma/schema-engine-wasm; it writes `_prisma_migrations` exactly like `prisma migrate
// deploy`, so teams with the normal CLI can keep using it on the same database.

const require = createRequire(import.meta.url);
const WASM_DIR = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
export const PROJECT_ROOT = path.resolve(WASM_DIR, "../../..");
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type WasmModule = typeof import("@prisma/schema-engine-wasm");
let wasmModule: Promise<WasmModule> | undefined;

// The package imports its .wasm as an ES module, which Node 20 cannot do; instantiate it by hand instead.
function loadWasm(): Promise<WasmModule> {
  wasmModule ??= (async () => {
    const dir = WASM_DIR;
    const bg = (await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href)) as WasmModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return wasmModule;
}

/** Pool config from a URL, split into fields: adapter-pg spreads it and sets `database` for the shadow DB,
 * which a `connectionString` would silently override (the shadow schema would land in the main database). */
export function pgConfigFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || "postgres",
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ssl: ["require", "verify-full", "verify-ca"].includes(u.searchParams.get("sslmode") ?? "") ? true : undefined,
  };
}

type PgFields = ReturnType<typeof pgConfigFromUrl>;

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type RawResult = { fields: { dataTypeID: number }[] };

/** The schema engine's Postgres describer selects `"char"` catalog columns (pg_class.relkind, ...), which
 * adapter-pg 7.10 cannot decode ("Column type 'char' could not be deserialized"). Decode them as text and tell
 * the engine they are Character, as its native driver would. Queries are serialised so the bookkeeping of
 * which columns were "char" cannot mix between concurrent queries; this adapter only ever runs migrations. */
function decodeCharColumns(adapter: PgAdapter): PgAdapter {
  const internal = adapter as unknown as { performIO(q: unknown): Promise<RawResult> };
  const performIO = internal.performIO.bind(adapter);
  const queryRaw = adapter.queryRaw.bind(adapter);
  let charColumns: number[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  internal.performIO = async (q) => {
    const res = await performIO(q);
    charColumns = [];
    res.fields.forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR_OID) {
        f.dataTypeID = PG_TEXT_OID;
        charColumns.push(i);
      }
    });
    return res;
  };
  adapter.queryRaw = (q) => {
    const run = queue.then(async () => {
      const res = await queryRaw(q);
      for (const i of charColumns) res.columnTypes[i] = COLUMN_TYPE_CHARACTER as never;
      charColumns = [];
      return res;
    });
    queue = run.catch(() => {});
    return run;
  };
  return adapter;
}

/** adapter-pg's executeScript splits scripts on every ";", which breaks plpgsql bodies ($$ ... ; ... $$) in hand-
 * written migrations. Send the script as one simple query instead, as Prisma's native engine does: Postgres runs
 * a multi-statement simple query as one implicit transaction, so a failing migration leaves nothing half-done. */
function wholeScripts(adapter: PgAdapter, pool: pg.Pool): PgAdapter {
  const internal = adapter as unknown as { onError(err: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      internal.onError(error);
    }
  };
  return adapter;
}

async function connectPool(fields: PgFields, database = fields.database) {
  const pool = new pg.Pool({ ...fields, database, max: 2 });
  return wholeScripts(decodeCharColumns(await new PrismaPg(pool, { disposeExternalPool: true }).connect()), pool);
}

/** Migration-aware adapter factory. Unlike adapter-pg's own, it ends the shadow pool before dropping the shadow
 * database (else "being accessed by other users") and closes its admin connection. */
function migrationAdapterFactory(fields: PgFields) {
  return {
    provider: "postgres" as const,
    adapterName: "@prisma/adapter-pg",
    connect: () => connectPool(fields),
    async connectToShadowDb() {
      const admin = await connectPool(fields);
      const database = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await connectPool(fields, database);
      const release = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await release();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

async function withEngine<T>(url: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const wasm = await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(migrationAdapterFactory(pgConfigFromUrl(url)));
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  const engine = await wasm.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, factory);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const dirs = fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok" as const, value: fs.readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/** Apply every pending migration in prisma/migrations (what `prisma migrate deploy` does). */
export async function applyMigrations(url: string): Promise<string[]> {
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/** SQL that would take the migrations folder to the schema; empty when they agree. Uses a throwaway shadow DB. */
export async function diffMigrationsToSchema(url: string, schema = fs.readFileSync(SCHEMA_PATH, "utf8")): Promise<string> {
  return withEngine(url, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrations() },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return stripEmptyDiff(result.stdout ?? "");
  });
}

export function stripEmptyDiff(sql: string): string {
  const meaningful = sql
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("--"))
    .join("\n");
  return meaningful.trim() ? sql : "";
}
