// npm start: the zero-config launcher. Database (embedded unless DATABASE_URL) -> migrations -> first admin and
// demo data -> build if the sources changed -> Next.js on PORT/HOSTNAME. SIGINT/SIGTERM: stop accepting,
// drain (SWITCHYARD_DRAIN_SECONDS; streams still running then end with an SSE error event), run shutdown hooks
// (log flush), stop the embedded database, exit.
// --gateway-only: the data plane (/api/route/v1/*) and /api/health without the web app (no build, no Next.js),
// for extra gateway replicas; the launcher's shutdown tests use it.
import { spawnSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { readEnv, type Env } from "@/lib/env";
import { assertWritable, isPortFree } from "@/lib/db/embedded";
import { resolveDatabase, safeHost, type DatabaseHandle } from "@/lib/db/bootstrap";
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/schema-engine";
import { buildIsCurrent, markBuilt } from "@/lib/runtime/build";
import { demoAdminPassword, readSecretFile, resolveSecrets, writeSecretFile } from "@/lib/runtime/secrets";
import { drainServer } from "@/lib/runtime/drain";
import { runShutdownHooks } from "@/lib/runtime/shutdown";
import { WebProcess } from "@/lib/runtime/web-process";
import { cutStreams } from "@/lib/gateway/stream-cut";

const dev = process.argv.includes("--dev");
const gatewayOnly = process.argv.includes("--gateway-only");
const say = (line: string) => process.stdout.write(`[switchyard] ${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`[switchyard] error: ${line}\n`);
  process.exit(1);
};

let db: DatabaseHandle | undefined;
let demoUpstream: { close: () => Promise<void> } | undefined;
let server: http.Server | undefined;
let web: WebProcess | undefined;
let stopping = false;

let drainMs = 7_500; // SWITCHYARD_DRAIN_SECONDS, read in main()
const CUT_MS = 1_000; // streams cut at the end of the drain get this long to send their error event
const FLUSH_MS = 7_500; // then: shutdown hooks (request log flush or spill to disk, leases), database stop
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stoppingSince = 0;

async function shutdown(signal: string) {
  if (stopping) {
    // A terminal's Ctrl-C reaches us twice (the process group, and npm forwarding it): only a later,
    // deliberate second signal means "stop waiting".
    if (Date.now() - stoppingSince < 2000) return;
    say(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  stoppingSince = Date.now();
  web?.retire(); // the signal may have reached the web app too: its exit is no crash to restart from
  // Stop accepting before saying so: whoever reads the line and connects must be refused.
  const drain = server ? drainServer(server) : null;
  say(`${signal}: shutting down`);
  const budgetMs = drainMs + CUT_MS + FLUSH_MS;
  const hardStop = setTimeout(() => {
    say(`shutdown took longer than ${budgetMs / 1000} s: exiting`);
    process.exit(1);
  }, budgetMs + 2000);
  if (drain) {
    // Not accepting any more; let in-flight requests and streams finish within the drain window.
    await Promise.race([drain.closed, sleep(drainMs)]);
    // Streams still running end with an SSE error event (never a clean end, never a bare reset) and an
    // "incomplete" log row; then whatever is left (e.g. a slow non-stream answer) is cut.
    const cut = cutStreams("Switchyard is shutting down: the stream was cut at the end of the drain window");
    if (cut) {
      say(`cut ${cut} stream(s) still running after ${drainMs / 1000} s`);
      await Promise.race([drain.closed, sleep(CUT_MS)]);
    }
    drain.force();
    await sleep(200); // cut requests record their "cancelled" rows on the next ticks
  }
  await web?.stop(FLUSH_MS - 2000); // it finishes its requests and runs its own shutdown hooks
  await runShutdownHooks(say, Date.now() + FLUSH_MS - 1000); // request log flush (or spill to disk), key last-used
  await demoUpstream?.close().catch(() => {});
  await db?.stop().catch((err: Error) => say(`stopping the database: ${err.message}`));
  clearTimeout(hardStop);
  say("stopped");
  process.exit(0);
}

function build() {
  say("building the web app (first start or sources changed; about a minute)");
  const res = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (res.status !== 0) fail("`next build` failed (output above)");
  markBuilt(PROJECT_ROOT);
}

async function prepareData(e: Env) {
  const applied = await applyMigrations(db!.url);
  if (applied.length) say(`applied migrations: ${applied.join(", ")}`);
  const { bootstrapAdminFromEnv, isSetupNeeded } = await import("@/lib/services/setup");
  let login: { email: string; password: string } | undefined;
  if (e.SWITCHYARD_ADMIN_EMAIL && e.SWITCHYARD_ADMIN_PASSWORD) {
    const r = await bootstrapAdminFromEnv(e.SWITCHYARD_ADMIN_EMAIL, e.SWITCHYARD_ADMIN_PASSWORD);
    if (r === "created") say(`created admin ${e.SWITCHYARD_ADMIN_EMAIL}`);
  } else if (e.demo) {
    login = { email: "admin@switchyard.local", password: demoAdminPassword(e.dataDir) };
    await bootstrapAdminFromEnv(login.email, login.password);
  }
  const { resealProviderKeys } = await import("@/lib/services/rekey");
  const rekeyed = await resealProviderKeys();
  if (rekeyed.resealed) say(`re-sealed ${rekeyed.resealed} provider key(s) under the newest SWITCHYARD_SECRET_KEY version`);
  if (rekeyed.unreadable.length) say(`warning: no SWITCHYARD_SECRET_KEY version opens the API key of: ${rekeyed.unreadable.join(", ")} (re-enter those keys)`);
  let teamKey: string | undefined;
  if (e.demo) {
    const { seedDemo } = await import("@/lib/services/demo-seed");
    const seeded = await seedDemo({ password: login?.password ?? demoAdminPassword(e.dataDir), upstreamPort: e.SWITCHYARD_DEMO_UPSTREAM_PORT });
    if (seeded) {
      say("seeded demo data");
      writeSecretFile(e.dataDir, "demo-team-key", seeded.platformKey);
    }
    teamKey = readSecretFile(e.dataDir, "demo-team-key");
  }
  return { login, teamKey, setupNeeded: await isSetupNeeded() };
}

async function main() {
  let e: Env;
  try {
    e = readEnv();
  } catch (err) {
    return fail((err as Error).message);
  }
  drainMs = e.SWITCHYARD_DRAIN_SECONDS * 1000;
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (!(await isPortFree(e.PORT, e.HOSTNAME === "0.0.0.0" ? "0.0.0.0" : e.HOSTNAME))) fail(`Port ${e.PORT} is in use: set PORT to a free port`);
  if (!e.DATABASE_URL) {
    try {
      assertWritable(e.dataDir);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  const secrets = resolveSecretsOrFail(e);
  db = await resolveDatabase(e, (l) => e.SWITCHYARD_LOG_LEVEL === "debug" && say(`[pg] ${l}`)).catch((err: Error) => fail(err.message));
  say(`database: ${db.embedded ? `embedded PostgreSQL (${path.relative(process.cwd(), e.dataDir) || "."})` : safeHost(db.url)}`);

  // Everything Next.js reads comes from here: it runs in this same process.
  process.env.DATABASE_URL = db.url;
  process.env.NEXTAUTH_SECRET = secrets.nextauthSecret;
  process.env.SWITCHYARD_SECRET_KEY = secrets.secretKey;
  process.env.AUTH_TRUST_HOST ??= "true";
  process.env.NEXTAUTH_URL ??= `http://${e.HOSTNAME === "0.0.0.0" ? "localhost" : e.HOSTNAME}:${e.PORT}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.SWITCHYARD_DEMO = e.demo ? "true" : "false"; // decided before DATABASE_URL was set above

  if (e.demo) {
    const { startDemoUpstream } = await import("@/lib/demo-upstream/server");
    demoUpstream = await startDemoUpstream({ port: e.SWITCHYARD_DEMO_UPSTREAM_PORT, host: "127.0.0.1", latencyScale: e.SWITCHYARD_DEMO_LATENCY_SCALE }).catch((err: Error) =>
      fail(`demo upstream on 127.0.0.1:${e.SWITCHYARD_DEMO_UPSTREAM_PORT}: ${err.message} (set SWITCHYARD_DEMO_UPSTREAM_PORT)`),
    );
  }
  const { login, teamKey, setupNeeded } = await prepareData(e).catch((err: Error) => fail(`preparing the database: ${err.message}`));
  if (!dev && !gatewayOnly && !buildIsCurrent(PROJECT_ROOT)) build();

  const { GATEWAY_ROUTES } = await import("@/lib/gateway/routes");
  const { nodeListener } = await import("@/lib/gateway/node-adapter");
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
  if (gatewayOnly) {
    const { GET: health } = await import("@/app/api/health/route");
    const rest = nodeListener({ "GET /api/health": health });
    handle = (req, res) => {
      if (!rest(req, res)) res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Not found: this instance serves only /api/route/v1/* and /api/health (--gateway-only)", type: "not_found" } }));
    };
  } else if (dev) {
    const next = (await import("next")).default;
    const app = next({ dev, dir: PROJECT_ROOT, hostname: e.HOSTNAME, port: e.PORT });
    await app.prepare();
    handle = app.getRequestHandler();
  } else {
    // Production: the web app runs in its own process (scripts/web.ts) and gets everything but the data plane.
    // It is restarted if it dies; the data plane here keeps serving meanwhile.
    const { webProxy } = await import("@/lib/runtime/web-proxy");
    const w = new WebProcess({ script: path.join(PROJECT_ROOT, "scripts/web.ts"), execArgv: ["--import", "tsx"], say });
    web = w;
    await w.start().catch((err: Error) => fail(err.message));
    handle = webProxy(() => w.port);
  }
  // The data plane (/api/route/v1/*) is answered before Next.js routing; everything else is Next.
  const gateway = e.SWITCHYARD_GATEWAY_VIA_NEXT ? () => false : nodeListener(GATEWAY_ROUTES);
  (await import("@/lib/gateway/log-writer")).logWriter().start(); // replays rows an earlier run spilled to disk
  (await import("@/lib/gateway/task-classifier")).taskClassifiers().start(); // trains the shipped task classifier, loads teams' examples
  (await import("@/lib/gateway/quality-cache")).qualityCache().start(); // measured quality, per-prompt predictors, 30-day pruning
  (await import("@/lib/services/budget-alerts")).startBudgetAlerts(); // budget threshold webhooks
  (await import("@/lib/services/swaps")).startSwapController(); // swap proposals from shadow evidence, canary steps
  server = http.createServer((req, res) => {
    if (!gateway(req, res)) void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server!.once("error", reject);
    server!.listen(e.PORT, e.HOSTNAME, resolve);
  }).catch((err: Error) => fail(`listening on ${e.HOSTNAME}:${e.PORT}: ${err.message}`));

  const shown = e.HOSTNAME === "0.0.0.0" ? "localhost" : e.HOSTNAME;
  say(`ready on http://${shown}:${e.PORT}${dev ? " (development)" : ""}${gatewayOnly ? " (gateway only)" : ""}`);
  if (login) say(`demo admin login: ${login.email} / ${login.password}`);
  if (teamKey) {
    say(`demo team key (Platform Engineering): ${teamKey}`);
    say(`try it: curl http://${shown}:${e.PORT}/api/route/v1/chat/completions -H "Authorization: Bearer ${teamKey}" -H "Content-Type: application/json" -d '{"model":"auto","messages":[{"role":"user","content":"Write a haiku about routing"}]}'`);
  }
  if (setupNeeded) say(`no admin yet: open http://${shown}:${e.PORT}/setup to create one`);
}

function resolveSecretsOrFail(e: Env) {
  try {
    return resolveSecrets(e);
  } catch (err) {
    return fail((err as Error).message);
  }
}

main().catch((err: Error) => fail(err.stack ?? err.message));
