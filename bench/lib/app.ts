// Shared by the gateway benchmarks (bench/gateway.ts, bench/soak.ts): process-tree CPU and RSS from /proc, the
// closed-loop load generator, and the app under test: embedded PostgreSQL, a provider/model/team fixture, the mock
// upstream and the production launcher (scripts/start.ts).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedHandle } from "@/lib/db/embedded";
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/schema-engine";

const CLK_TCK = 100;
const SECRET = Buffer.from("switchyard-bench-master-key-32by").toString("base64");

/** `root` and all its descendants. */
export function treePids(root: number): number[] {
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

/** User + system CPU time of the processes, in ms. */
export function cpuMs(pids: number[]): number {
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

/** Summed resident set size of the processes, in MB. */
export function rssMb(pids: number[]): number {
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

export type Cell = { requests: number; errors: number; rps: number; p50: number; p90: number; p99: number; ttfbP50: number; ttfbP99: number };

const loadArgs = (url: string, c: number, secs: number, stream: boolean, headers: Record<string, string>, model: string) => [
  path.join(PROJECT_ROOT, "bench/loadgen.mjs"),
  url,
  String(c),
  String(secs),
  stream ? "1" : "0",
  JSON.stringify(headers),
  model,
];
const parseCell = (out: string) => JSON.parse(out.trim().split("\n").at(-1)!) as Cell;

/** bench/loadgen.mjs: `c` closed loops for `secs` seconds; blocks until done. */
export function load(url: string, c: number, secs: number, stream: boolean, headers: Record<string, string> = {}, model = "bench"): Cell {
  return parseCell(execFileSync(process.execPath, loadArgs(url, c, secs, stream, headers, model), { encoding: "utf8" }));
}

/** The same in the background: resolves with its figures when it ends. */
export function loadInBackground(url: string, c: number, secs: number, stream: boolean, headers: Record<string, string> = {}, model = "bench"): { child: ChildProcess; result: Promise<Cell> } {
  const child = spawn(process.execPath, loadArgs(url, c, secs, stream, headers, model), { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const result = new Promise<Cell>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve(parseCell(out)) : reject(new Error(`loadgen exited with ${code}`))));
  });
  return { child, result };
}

export async function waitFor(url: string, ms: number) {
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

export type BenchApp = {
  pg: EmbeddedHandle;
  app: ChildProcess;
  children: ChildProcess[];
  modelName: string;
  key: string;
  /** the gateway's chat completions URL */
  gateway: string;
  /** the mock upstream's chat completions URL */
  direct: string;
  appPids: () => number[];
  pgPids: () => number[];
  /** SIGTERM to the app and the mock, then stops PostgreSQL. */
  stop: () => Promise<void>;
};

/**
 * Embedded PostgreSQL in `dataDir` on `pgPort` (fresh database), a provider pointing at `upstreamPort`, the mock
 * upstream on `mockPort` (default: `upstreamPort`), a model and a team, then the production launcher on
 * `appPort`: `node [nodeArgs] --import tsx scripts/start.ts [launcherArgs]` (building the web app first if needed,
 * unless --gateway-only). Resolves once /api/health answers.
 */
export async function startBenchApp(o: {
  dataDir: string;
  pgPort: number;
  appPort: number;
  upstreamPort: number;
  mockPort?: number;
  nodeArgs?: string[];
  launcherArgs?: string[];
  env?: Record<string, string>;
}): Promise<BenchApp> {
  const mockPort = o.mockPort ?? o.upstreamPort;
  const pg = await startEmbeddedPostgres({ dataDir: o.dataDir, port: o.pgPort, database: `bench_${Date.now()}` });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 3000));
    await pg.stop();
  };
  try {
    await applyMigrations(pg.url);
    process.env.DATABASE_URL = pg.url;
    process.env.SWITCHYARD_SECRET_KEY = SECRET;
    const { makeModel, makeProvider, makeTeam } = await import("@/lib/testing/factories");
    const provider = await makeProvider({ baseUrl: `http://127.0.0.1:${o.upstreamPort}/v1` });
    // The shared side-by-side bench sends model "gpt-4o-mini": answer to that name too.
    const model = await makeModel({ providerId: provider.id, upstreamModel: "bench-model", name: `bench-${Date.now()}`, aliases: ["gpt-4o-mini"] });
    const { key } = await makeTeam({ defaults: [model.id] });

    children.push(spawn(process.execPath, [path.join(PROJECT_ROOT, "bench/mock-upstream.mjs")], { env: { ...process.env, MOCK_PORT: String(mockPort) }, stdio: "ignore" }));
    const app = spawn(process.execPath, [...(o.nodeArgs ?? []), "--import", "tsx", "scripts/start.ts", ...(o.launcherArgs ?? [])], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(o.appPort),
        HOSTNAME: "127.0.0.1",
        NEXTAUTH_SECRET: "bench-nextauth-secret",
        SWITCHYARD_DEMO: "false",
        SWITCHYARD_UPSTREAM_ALLOWLIST: "127.0.0.1",
        SWITCHYARD_LOG_LEVEL: "warn",
        NODE_ENV: "production",
        ...o.env,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(app);
    await waitFor(`http://127.0.0.1:${o.appPort}/api/health`, 600_000);
    const pgPidFile = path.join(o.dataDir, "pg", "postmaster.pid");
    return {
      pg,
      app,
      children,
      modelName: model.name,
      key,
      gateway: `http://127.0.0.1:${o.appPort}/api/route/v1/chat/completions`,
      direct: `http://127.0.0.1:${mockPort}/v1/chat/completions`,
      appPids: () => treePids(app.pid!),
      pgPids: () => treePids(Number(fs.readFileSync(pgPidFile, "utf8").split("\n")[0])),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
