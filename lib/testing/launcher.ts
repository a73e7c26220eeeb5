// Helpers for tests that run the real launcher (scripts/start.ts) as a child process: a private database for it, a
// free port, its output, its exit; a TCP proxy that can cut the database away; an OpenAI-compatible vendor whose
// streams take as long as the test needs. Nothing here reads lib/env at import time: a test file may point
// DATABASE_URL at its private database before it imports the Prisma client.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { ensureDatabase, freePort } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/schema-engine";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- a private database ----------

/**
 * A migrated database of its own next to the run's test database (same server). A launcher runs background loops
 * (budget alert webhooks, the swap controller) over every team in its database: in the shared test database they
 * would act on other test files' rows.
 */
export async function privateDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${base.pathname.slice(1)}_${tag}_${crypto.randomBytes(3).toString("hex")}`.slice(0, 63);
  const admin = new URL(base);
  admin.pathname = "/postgres";
  await ensureDatabase(admin.href, name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  await applyMigrations(url.href);
  return {
    url: url.href,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin.href });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

// ---------- the launcher as a child process ----------

export type Exit = { code: number | null; signal: NodeJS.Signals | null; at: number };
export type Launched = {
  url: string;
  port: number;
  child: ChildProcess;
  dataDir: string;
  /** stdout and stderr lines so far */
  lines: string[];
  exited: Promise<Exit>;
  /** Resolves with the first line (already seen or still to come) matching `re`. */
  waitForLine: (re: RegExp, timeoutMs?: number) => Promise<string>;
};

const children = new Set<ChildProcess>();
const tmpDirs = new Set<string>();
// A worker that dies mid-test must not leave launchers behind.
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

/**
 * `node --import tsx scripts/start.ts --gateway-only` on a free port against `databaseUrl`, in production mode with
 * its own data dir (where a request log spill would land); resolves once it prints "ready".
 */
export async function startLauncher(o: { databaseUrl: string; env?: Record<string, string> }): Promise<Launched> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      return await launchOnce(port, o);
    } catch (err) {
      // Another process took the free port between our check and the launcher's: try another.
      if (attempt < 2 && /is in use/.test((err as Error).message)) continue;
      throw err;
    }
  }
}

async function launchOnce(port: number, o: { databaseUrl: string; env?: Record<string, string> }): Promise<Launched> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-launcher-"));
  tmpDirs.add(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--gateway-only"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: o.databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      SWITCHYARD_DEMO: "false",
      SWITCHYARD_DATA_DIR: dataDir,
      SWITCHYARD_LOG_LEVEL: "warn",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) w.resolve(line);
    });
  }
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, at: performance.now() });
    });
  });
  const waitForLine = (re: RegExp, timeoutMs = 30_000) => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        if (waiters.includes(w)) waiters.splice(waiters.indexOf(w), 1);
        fn();
      };
      const w = { re, resolve: (l: string) => settle(() => resolve(l)) };
      waiters.push(w);
      const timer = setTimeout(() => settle(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output:\n${lines.join("\n")}`))), timeoutMs);
      // Output can trail the exit event by a moment.
      void exited.then(() => setTimeout(() => {
        if (waiters.includes(w)) settle(() => reject(new Error(`the launcher exited before printing ${re}; output:\n${lines.join("\n")}`)));
      }, 200));
    });
  };
  try {
    await waitForLine(/ready on http:\/\//, 120_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, port, child, dataDir, lines, exited, waitForLine };
}

/** Kills every launcher still running (SIGKILL, by pid) and removes their data dirs. */
export async function stopAllLaunchers(): Promise<void> {
  const running = [...children];
  for (const c of running) c.kill("SIGKILL");
  await Promise.all(running.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r)))));
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  tmpDirs.clear();
}

/** Request-log files a launcher spilled to its data dir (none when every row reached the database). */
export function spilledFiles(l: Launched): string[] {
  const dir = path.join(l.dataDir, "log-spool");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** true when a new TCP connection to the port is refused. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}

// ---------- a TCP proxy that can cut the database away ----------

export type TcpProxy = { port: number; cut: () => Promise<void>; restore: () => Promise<void>; close: () => Promise<void>; accepted: number };

/** Forwards 127.0.0.1:<port> to target. cut() closes every open connection and stops listening (new ones are
 * refused, as with a database that is down); restore() listens on the same port again. */
export async function tcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const proxy: TcpProxy = {
    port: 0,
    accepted: 0,
    cut: async () => {
      const s = server;
      server = null;
      if (!s) return;
      const closed = new Promise<void>((r) => s.close(() => r()));
      for (const so of sockets) so.destroy();
      sockets.clear();
      await closed;
    },
    restore: async () => {
      if (server) return;
      for (let attempt = 0; ; attempt++) {
        try {
          await listen();
          return;
        } catch (err) {
          if (attempt >= 20) throw err;
          await sleep(100); // the port may linger for a moment
        }
      }
    },
    close: () => proxy.cut(),
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        proxy.accepted++;
        const upstream = net.connect(targetPort, targetHost);
        sockets.add(client);
        sockets.add(upstream);
        const done = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on("error", done).on("close", done);
        upstream.on("error", done).on("close", done);
        client.pipe(upstream).pipe(client);
      });
      s.once("error", reject);
      s.listen(proxy.port, "127.0.0.1", () => {
        s.off("error", reject);
        proxy.port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await listen();
  return proxy;
}

// ---------- a vendor whose answers take as long as the test needs ----------

export type SlowVendor = { url: string; requests: { model: string; stream: boolean }[]; close: () => Promise<void> };

/**
 * An OpenAI-compatible upstream on a free port. The upstream model id sets the timing: "slow-<pieces>x<gapMs>"
 * streams <pieces> content chunks <gapMs> apart, then the stop chunk, usage and [DONE] (non-stream: answers after
 * pieces x gapMs). Each piece is "p<i> ", so a client can check it got all of them, in order.
 */
export async function startSlowVendor(): Promise<SlowVendor> {
  const requests: SlowVendor["requests"] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as { model?: string; stream?: boolean };
      const model = body.model ?? "";
      requests.push({ model, stream: body.stream === true });
      const m = /^slow-(\d+)x(\d+)$/.exec(model);
      const pieces = m ? Number(m[1]) : 3;
      const gapMs = m ? Number(m[2]) : 0;
      const text = Array.from({ length: pieces }, (_, i) => `p${i} `);
      const usage = { prompt_tokens: 12, completion_tokens: pieces, total_tokens: 12 + pieces };
      const base = { id: "chatcmpl-slow", created: 1_700_000_000, model };
      if (!body.stream) {
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: text.join("") }, finish_reason: "stop" }], usage }));
        }, pieces * gapMs);
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const chunk = (c: object) => `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", ...c })}\n\n`;
      const frames = [
        chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }),
        ...text.map((p) => chunk({ choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })),
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
        chunk({ choices: [], usage }),
        "data: [DONE]\n\n",
      ];
      let i = 0;
      const next = () => {
        if (res.destroyed || res.writableEnded) return;
        if (i >= frames.length) return void res.end();
        res.write(frames[i++]);
        setTimeout(next, i <= 1 || i > pieces ? 0 : gapMs);
      };
      next();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// ---------- reading answers ----------

export type StreamRead = { status: number; requestId: string | null; text: string; content: string; done: boolean; error: { message?: string; code?: string } | null; threw: string | null };

/** Reads a whole OpenAI SSE answer. `onFirstContent` fires once the first content chunk has arrived. A body that
 * breaks off (connection reset) is reported in `threw`, not thrown. */
export async function readOpenAIStream(res: Response, onFirstContent?: () => void): Promise<StreamRead> {
  const out: StreamRead = { status: res.status, requestId: res.headers.get("x-switchyard-request-id"), text: "", content: "", done: false, error: null, threw: null };
  const decoder = new TextDecoder();
  let buffered = "";
  let fired = false;
  try {
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
      const t = decoder.decode(bytes, { stream: true });
      out.text += t;
      buffered += t;
      let cut: number;
      while ((cut = buffered.indexOf("\n\n")) >= 0) {
        const frame = buffered.slice(0, cut);
        buffered = buffered.slice(cut + 2);
        const data = frame.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (!data) continue;
        if (data === "[DONE]") {
          out.done = true;
          continue;
        }
        const j = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; error?: { message?: string; code?: string } };
        if (j.error) out.error = j.error;
        const piece = j.choices?.[0]?.delta?.content ?? "";
        out.content += piece;
        if (piece && !fired) {
          fired = true;
          onFirstContent?.();
        }
      }
    }
  } catch (err) {
    out.threw = (err as Error).message;
  }
  return out;
}
