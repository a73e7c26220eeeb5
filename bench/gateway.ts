// npm run bench: what the gateway hop costs, as ratios to calling the mock upstream directly, in one run.
// Starts: embedded PostgreSQL (data in .switchyard/bench), a mock upstream, the production app (`npm start`
// launcher, building first if needed). Prints p50/p99 added latency, throughput, CPU per request of the app's
// process tree (and of PostgreSQL, which takes the batched log writes) and streaming TTFB. Memory over time is
// `npm run bench:soak` (bench/soak.ts).
//   npm run bench -- [--duration 5] [--gateway-only]
// --gateway-only: the launcher without the web app (no build, Next.js not loaded): for profiling the data plane.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "@/lib/db/schema-engine";
import { cpuMs, load, startBenchApp, type BenchApp } from "./lib/app";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const DURATION = arg("duration", 5);
// --serve: only set up (database, fixtures, app) and keep running, for ../shared/bench/run.sh --target ...;
// --upstream-port: where the provider points (default: this script's own mock on MOCK_PORT).
const SERVE = process.argv.includes("--serve");
const UPSTREAM_PORT = arg("upstream-port", 18101);
const GATEWAY_ONLY = process.argv.includes("--gateway-only");
const APP_PORT = 3210;
const MOCK_PORT = 18101;
const children: ChildProcess[] = [];

async function main() {
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // e.g. BENCH_APP_NODE_ARGS=--max-old-space-size=160 to run the app under a small heap.
  prof.push(...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []));
  const bench: BenchApp = await startBenchApp({ dataDir: path.join(PROJECT_ROOT, ".switchyard/bench"), pgPort: 54359, appPort: APP_PORT, upstreamPort: UPSTREAM_PORT, mockPort: MOCK_PORT, nodeArgs: prof, launcherArgs: GATEWAY_ONLY ? ["--gateway-only"] : [] });
  children.push(...bench.children);
  const { app, key } = bench;
  const model = { name: bench.modelName };
  try {
    if (SERVE) {
      console.log(`\nREADY url=http://127.0.0.1:${APP_PORT}/api/route/v1/chat/completions model=${model.name} key=${key} pid=${app.pid}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      return;
    }

    const { direct, gateway, appPids, pgPids } = bench;
    const auth = { authorization: `Bearer ${key}` };

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

    fs.mkdirSync(path.join(PROJECT_ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(PROJECT_ROOT, `bench/results/gateway-${Date.now()}.json`), JSON.stringify(results, null, 2));
  } finally {
    await bench.stop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  for (const c of children) c.kill("SIGTERM");
  process.exit(1);
});
