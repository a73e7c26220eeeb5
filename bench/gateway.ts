// npm run bench: what the gateway hop costs, as ratios to calling the mock upstream directly, in one run.
// Starts: embedded PostgreSQL (data in .switchyard/bench), a mock upstream, the production app (`npm start`
// launcher, building first if needed). Prints p50/p99 added latency, throughput, CPU per request of the app's
// process tree (and of PostgreSQL, which takes the batched log writes), streaming TTFB, and RSS over a soak.
//   npm run bench -- [--duration 5] [--soak 0]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/schema-engine";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const DURATION = arg("duration", 5);
// --serve: only set up (database, fixtures, app) and keep running, for ../shared/bench/run.sh --target ...;
// --upstream-port: where the provider points (default: this script's own mock on MOCK_PORT).
const SERVE = process.argv.includes("--serve");
const UPSTREAM_PORT = arg("upstream-port", 18101);
const SOAK = arg("soak", 0);
const APP_PORT = 3210;
const MOCK_PORT = 18101;
const SECRET = Buffer.from("switchyard-bench-master-key-32by").toString("base64");
const children: ChildProcess[] = [];

const CLK_TCK = 100;
function treePids(root: number): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const t of fs.readdirSync(`/proc/${out[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${out[i]}/task/${t}/children`, "utf8").trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // process ended
    }
  }
  return out;
}
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / CLK_TCK;
}
function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

type Cell = { requests: number; errors: number; rps: number; p50: number; p90: number; p99: number; ttfbP50: number; ttfbP99: number };
function load(url: string, c: number, secs: number, stream: boolean, headers: Record<string, string> = {}, model = "bench"): Cell {
  const out = execFileSync(process.execPath, [path.join(PROJECT_ROOT, "bench/loadgen.mjs"), url, String(c), String(secs), stream ? "1" : "0", JSON.stringify(headers), model], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Cell;
}

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".switchyard/bench"), port: 54359, database: `bench_${Date.now()}` });
  try {
    await applyMigrations(pg.url);
    process.env.DATABASE_URL = pg.url;
    process.env.SWITCHYARD_SECRET_KEY = SECRET;
    const { makeModel, makeProvider, makeTeam } = await import("@/lib/testing/factories");
    const provider = await makeProvider({ baseUrl: `http://127.0.0.1:${UPSTREAM_PORT}/v1` });
    // The shared side-by-side bench sends model "gpt-4o-mini": answer to that name too.
    const model = await makeModel({ providerId: provider.id, upstreamModel: "bench-model", name: `bench-${Date.now()}`, aliases: ["gpt-4o-mini"] });
    const { key } = await makeTeam({ defaults: [model.id] });

    const mock = spawn(process.execPath, [path.join(PROJECT_ROOT, "bench/mock-upstream.mjs")], { env: { ...process.env, MOCK_PORT: String(MOCK_PORT) }, stdio: "ignore" });
    children.push(mock);
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    // e.g. BENCH_APP_NODE_ARGS=--max-old-space-size=160: a soak under a small heap tells a leak from lazy GC.
    prof.push(...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []));
    const app = spawn(process.execPath, [...prof, "--import", "tsx", "scripts/start.ts"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(APP_PORT),
        HOSTNAME: "127.0.0.1",
        NEXTAUTH_SECRET: "bench-nextauth-secret",
        SWITCHYARD_DEMO: "false",
        SWITCHYARD_UPSTREAM_ALLOWLIST: "127.0.0.1",
        SWITCHYARD_LOG_LEVEL: "warn",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(app);
    await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, 600_000);
    if (SERVE) {
      console.log(`\nREADY url=http://127.0.0.1:${APP_PORT}/api/route/v1/chat/completions model=${model.name} key=${key} pid=${app.pid}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      return;
    }

    const direct = `http://127.0.0.1:${MOCK_PORT}/v1/chat/completions`;
    const gateway = `http://127.0.0.1:${APP_PORT}/api/route/v1/chat/completions`;
    const auth = { authorization: `Bearer ${key}` };
    const pgPids = () => treePids(Number(fs.readFileSync(path.join(PROJECT_ROOT, ".switchyard/bench/pg/postmaster.pid"), "utf8").split("\n")[0]));
    const appPids = () => treePids(app.pid!);

    load(gateway, 4, 3, false, auth, model.name); // warm-up: JIT, pools, snapshot
    load(direct, 4, 1, false);

    const rows: string[] = [];
    const results: Record<string, unknown> = {};
    for (const c of [1, 16]) {
      const d = load(direct, c, DURATION, false);
      const cpu0 = cpuMs(appPids());
      const pg0 = cpuMs(pgPids());
      const g = load(gateway, c, DURATION, false, auth, model.name);
      const appCpu = (cpuMs(appPids()) - cpu0) / g.requests;
      const pgCpu = (cpuMs(pgPids()) - pg0) / g.requests;
      results[`c${c}`] = { direct: d, gateway: g, appCpuMsPerReq: appCpu, pgCpuMsPerReq: pgCpu };
      rows.push(
        `| non-stream c=${c} | ${d.rps.toFixed(0)} | ${g.rps.toFixed(0)} | ${(g.rps / d.rps).toFixed(2)} | ${d.p50.toFixed(2)} / ${d.p99.toFixed(2)} | ${g.p50.toFixed(2)} / ${g.p99.toFixed(2)} | +${(g.p50 - d.p50).toFixed(2)} / +${(g.p99 - d.p99).toFixed(2)} | ${(appCpu * 1000).toFixed(0)} µs (+pg ${(pgCpu * 1000).toFixed(0)} µs) | ${g.errors} |`,
      );
    }
    const ds = load(direct, 1, DURATION, true);
    const gs = load(gateway, 1, DURATION, true, auth, model.name);
    results.stream = { direct: ds, gateway: gs };
    rows.push(`| stream c=1 TTFB | - | - | - | ${ds.ttfbP50.toFixed(2)} / ${ds.ttfbP99.toFixed(2)} | ${gs.ttfbP50.toFixed(2)} / ${gs.ttfbP99.toFixed(2)} | +${(gs.ttfbP50 - ds.ttfbP50).toFixed(2)} / +${(gs.ttfbP99 - ds.ttfbP99).toFixed(2)} | - | ${gs.errors} |`);

    console.log(`\nGateway overhead vs direct mock upstream (same run, ${DURATION}s per cell, loopback, ${process.env.HOSTNAME ?? "this machine"})\n`);
    console.log("| cell | direct rps | gateway rps | ratio | direct p50/p99 ms | gateway p50/p99 ms | added p50/p99 ms | app CPU per request | errors |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) console.log(r);

    if (SOAK > 0) {
      const samples: number[] = [];
      const until = Date.now() + SOAK * 1000;
      const soaker = spawn(process.execPath, [path.join(PROJECT_ROOT, "bench/loadgen.mjs"), gateway, "16", String(SOAK), "0", JSON.stringify(auth), model.name], { stdio: "ignore" });
      while (Date.now() < until) {
        samples.push(rssMb(appPids()));
        await new Promise((r) => setTimeout(r, Math.min(10_000, SOAK * 100)));
      }
      await new Promise((r) => soaker.on("exit", r));
      results.soakRssMb = samples;
      console.log(`\nSoak ${SOAK}s at c=16: app RSS MB first/min/max/last = ${samples[0]!.toFixed(0)} / ${Math.min(...samples).toFixed(0)} / ${Math.max(...samples).toFixed(0)} / ${samples.at(-1)!.toFixed(0)}`);
    }
    fs.mkdirSync(path.join(PROJECT_ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(PROJECT_ROOT, `bench/results/gateway-${Date.now()}.json`), JSON.stringify(results, null, 2));
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 3000));
    await pg.stop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  for (const c of children) c.kill("SIGTERM");
  process.exit(1);
});
