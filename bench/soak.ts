// npm run bench:soak: is the gateway's memory flat under sustained traffic? Starts the app like bench/gateway.ts
// (embedded PostgreSQL, mock upstream, the production launcher with no extra heap flags, as `npm start` runs it)
// plus a probe (bench/lib/heap-probe.mjs, with --expose-gc) that reads the heap after a full GC on demand. Drives
// c=16 closed-loop traffic, half non-stream and half stream, for --duration seconds, samples every --interval
// seconds, prints the table and a verdict.
//   npm run bench:soak -- [--duration 600] [--interval 10] [--concurrency 16] [--gateway-only]
// --gateway-only runs the launcher without the web app (no `next build`; Next.js is not loaded).
//
// Verdict, stated before any run: memory is FLAT when, over the second half of the run,
//   - the least-squares slope of heapUsed after a full GC is <= 0.5 MB/min (a leak of ~20 bytes per request at
//     ~400 requests/s would already show), and
//   - the slope of the app's RSS is <= 2 MB/min (RSS is noisier: allocator arenas, socket buffers), and
//   - the mean heapUsed-after-GC of the last minute is <= 1.2 x that of the first minute.
// Otherwise GROWING, naming the criteria that failed.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/db/embedded";
import { PROJECT_ROOT } from "@/lib/db/schema-engine";
import { load, loadInBackground, rssMb, startBenchApp, type BenchApp, type Cell } from "./lib/app";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const DURATION_S = arg("duration", 600);
const INTERVAL_S = arg("interval", 10);
const CONCURRENCY = arg("concurrency", 16);
const GATEWAY_ONLY = process.argv.includes("--gateway-only");
const LIMITS = { heapSlopeMbPerMin: 0.5, rssSlopeMbPerMin: 2, heapLastFirstRatio: 1.2 };

type Sample = { s: number; rssMb: number; rssAfterGcMb: number; heapBeforeGcMb: number; heapOneGcMb: number; heapMb: number; heapTotalMb: number; externalMb: number; queued: number | null };
type ProbeLine = { kind: "start"; heapSizeLimit: number; execArgv: string[]; gc: boolean } | { kind: "sample"; t: number; rss: number; heapUsed: number; heapUsedBefore: number; heapUsedAfterOneGc: number; heapTotal: number; external: number; queued: number | null };

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readProbe(file: string): ProbeLine[] {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ProbeLine) : [];
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

async function main() {
  const heapFile = path.join(PROJECT_ROOT, ".switchyard", `soak-heap-${process.pid}.jsonl`);
  fs.mkdirSync(path.dirname(heapFile), { recursive: true });
  const bench: BenchApp = await startBenchApp({
    dataDir: path.join(PROJECT_ROOT, ".switchyard/bench-soak"),
    pgPort: await freePort(),
    appPort: await freePort(),
    upstreamPort: await freePort(),
    nodeArgs: ["--expose-gc", "--import", "./bench/lib/heap-probe.mjs"],
    launcherArgs: GATEWAY_ONLY ? ["--gateway-only"] : [],
    env: { SOAK_HEAP_FILE: heapFile },
  });
  const stopOnSignal = () => void bench.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    const start = readProbe(heapFile).find((l) => l.kind === "start");
    if (!start || start.kind !== "start" || !start.gc) throw new Error("the heap probe did not load in the app (no gc)");
    const auth = { authorization: `Bearer ${bench.key}` };
    const warm = [load(bench.gateway, 4, 3, false, auth, bench.modelName), load(bench.gateway, 4, 2, true, auth, bench.modelName)]; // JIT, pools, snapshot

    /** Full GC in the app, then its memory; RSS of the app's process tree read just before. */
    const sample = async (s: number): Promise<Sample> => {
      const rss = rssMb(bench.appPids());
      const seen = readProbe(heapFile).length;
      process.kill(bench.app.pid!, "SIGUSR2");
      for (let i = 0; i < 100 && readProbe(heapFile).length === seen; i++) await sleep(50);
      const last = readProbe(heapFile).at(-1)!;
      if (last.kind !== "sample" || readProbe(heapFile).length === seen) throw new Error("the heap probe did not answer");
      return { s, rssMb: rss, rssAfterGcMb: last.rss / MB, heapBeforeGcMb: last.heapUsedBefore / MB, heapOneGcMb: last.heapUsedAfterOneGc / MB, heapMb: last.heapUsed / MB, heapTotalMb: last.heapTotal / MB, externalMb: last.external / MB, queued: last.queued };
    };

    const nonStreamC = Math.ceil(CONCURRENCY / 2);
    const streamC = CONCURRENCY - nonStreamC;
    console.log(`\nSoak: ${DURATION_S} s at c=${CONCURRENCY} (${nonStreamC} non-stream + ${streamC} stream loops), a sample every ${INTERVAL_S} s${GATEWAY_ONLY ? ", launcher --gateway-only" : ""}`);
    console.log(`app node flags: ${start.execArgv.join(" ")} (no heap flags from the launcher); V8 heap limit ${(start.heapSizeLimit / MB).toFixed(0)} MB\n`);
    console.log("| t (s) | app RSS MB | RSS after GC MB | heapUsed before GC MB | after 1 full GC | after 2 full GCs | heapTotal MB | external MB | queued log rows |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    const row = (x: Sample) => `| ${x.s} | ${x.rssMb.toFixed(1)} | ${x.rssAfterGcMb.toFixed(1)} | ${x.heapBeforeGcMb.toFixed(1)} | ${x.heapOneGcMb.toFixed(1)} | ${x.heapMb.toFixed(1)} | ${x.heapTotalMb.toFixed(1)} | ${x.externalMb.toFixed(1)} | ${x.queued ?? "-"} |`;

    const t0 = performance.now();
    const loads = [loadInBackground(bench.gateway, nonStreamC, DURATION_S, false, auth, bench.modelName), loadInBackground(bench.gateway, streamC, DURATION_S, true, auth, bench.modelName)];
    const samples: Sample[] = [];
    for (let k = 1; k * INTERVAL_S <= DURATION_S; k++) {
      await sleep(Math.max(0, t0 + k * INTERVAL_S * 1000 - performance.now()));
      const x = await sample(k * INTERVAL_S);
      samples.push(x);
      console.log(row(x));
    }
    const [ns, st] = (await Promise.all(loads.map((l) => l.result))) as [Cell, Cell];

    // Every request that reached the gateway has a log row (the writer kept up, nothing piled up in memory).
    await sleep(2000);
    const c = new pg.Client({ connectionString: bench.pg.url });
    await c.connect();
    const rows = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM request_logs")).rows[0]!.n);
    await c.end();
    const sent = [...warm, ns, st].reduce((a, x) => a + x.requests + x.errors, 0);

    const half = samples.filter((x) => x.s >= DURATION_S / 2);
    const w = Math.min(60, DURATION_S / 4);
    const first = samples.filter((x) => x.s <= w);
    const last = samples.filter((x) => x.s > DURATION_S - w);
    const heapSlope = slope(half.map((x) => x.s / 60), half.map((x) => x.heapMb));
    const rssSlope = slope(half.map((x) => x.s / 60), half.map((x) => x.rssMb));
    const heapRatio = mean(last.map((x) => x.heapMb)) / mean(first.map((x) => x.heapMb));
    const failed = [
      !(heapSlope <= LIMITS.heapSlopeMbPerMin) && `heapUsed-after-GC slope ${heapSlope.toFixed(2)} > ${LIMITS.heapSlopeMbPerMin} MB/min`,
      !(rssSlope <= LIMITS.rssSlopeMbPerMin) && `RSS slope ${rssSlope.toFixed(2)} > ${LIMITS.rssSlopeMbPerMin} MB/min`,
      !(heapRatio <= LIMITS.heapLastFirstRatio) && `last/first-minute heap ratio ${heapRatio.toFixed(2)} > ${LIMITS.heapLastFirstRatio}`,
    ].filter(Boolean);

    console.log(`\nTraffic: non-stream c=${nonStreamC}: ${ns.requests} ok, ${ns.errors} errors, ${ns.rps.toFixed(0)} rps, p50/p99 ${ns.p50?.toFixed(1)}/${ns.p99?.toFixed(1)} ms; stream c=${streamC}: ${st.requests} ok, ${st.errors} errors, ${st.rps.toFixed(0)} rps, p50/p99 ${st.p50?.toFixed(1)}/${st.p99?.toFixed(1)} ms`);
    console.log(`request_logs rows: ${rows} for ${sent} requests sent (warm-up included)`);
    console.log(`\n| over the run | heapUsed after GC MB | app RSS MB |`);
    console.log(`|---|---|---|`);
    console.log(`| first / min / max / last sample | ${samples[0]!.heapMb.toFixed(1)} / ${Math.min(...samples.map((x) => x.heapMb)).toFixed(1)} / ${Math.max(...samples.map((x) => x.heapMb)).toFixed(1)} / ${samples.at(-1)!.heapMb.toFixed(1)} | ${samples[0]!.rssMb.toFixed(1)} / ${Math.min(...samples.map((x) => x.rssMb)).toFixed(1)} / ${Math.max(...samples.map((x) => x.rssMb)).toFixed(1)} / ${samples.at(-1)!.rssMb.toFixed(1)} |`);
    console.log(`| slope over the second half (${half.length} samples), MB/min | ${heapSlope.toFixed(3)} (limit ${LIMITS.heapSlopeMbPerMin}) | ${rssSlope.toFixed(3)} (limit ${LIMITS.rssSlopeMbPerMin}) |`);
    console.log(`| mean of last ${w} s / first ${w} s | ${heapRatio.toFixed(3)} (limit ${LIMITS.heapLastFirstRatio}) | ${(mean(last.map((x) => x.rssMb)) / mean(first.map((x) => x.rssMb))).toFixed(3)} |`);
    // Not part of the verdict (which is fixed above), but what to read next to it: a leak raises the floor, while
    // rows queued behind a slow database raise single samples.
    const minutes = [...new Set(half.map((x) => Math.floor((x.s - 1) / 60)))];
    const floors = minutes.map((m) => Math.min(...half.filter((x) => Math.floor((x.s - 1) / 60) === m).map((x) => x.heapMb)));
    console.log(`per-minute floor of heapUsed after GC over the second half: ${floors.map((f) => f.toFixed(1)).join(", ")} MB (slope ${slope(minutes, floors).toFixed(3)} MB/min)`);
    console.log(`log rows queued in the app at the samples: max ${Math.max(...samples.map((x) => x.queued ?? 0))}`);
    console.log(`\nVerdict: ${failed.length === 0 ? "FLAT" : `GROWING (${failed.join("; ")})`}`);

    fs.mkdirSync(path.join(PROJECT_ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(
      path.join(PROJECT_ROOT, `bench/results/soak-${Date.now()}.json`),
      JSON.stringify({ durationS: DURATION_S, concurrency: CONCURRENCY, gatewayOnly: GATEWAY_ONLY, heapSizeLimitMb: start.heapSizeLimit / MB, samples, traffic: { nonStream: ns, stream: st }, rows, sent, heapSlope, rssSlope, heapRatio, limits: LIMITS, flat: failed.length === 0 }, null, 2),
    );
    if (failed.length) process.exitCode = 2;
  } finally {
    fs.rmSync(heapFile, { force: true });
    await bench.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
