import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebProcess } from "@/lib/runtime/web-process";

// The launcher's supervision of the web app process, with real child processes: a small stand-in web app
// (fixtures/fake-web.mjs) that reports its port over IPC the way scripts/web.ts does.

const FIXTURE = path.join(import.meta.dirname, "fixtures/fake-web.mjs");
const started: WebProcess[] = [];

function webProcess(lines: string[]) {
  const w = new WebProcess({ script: FIXTURE, execArgv: [], say: (l) => lines.push(l), minDelayMs: 100, maxDelayMs: 400, stableMs: 60_000 });
  started.push(w);
  return w;
}

async function until(what: string, ok: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pidAt = async (port: number) => Number(await (await fetch(`http://127.0.0.1:${port}/`)).text());
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.stop(2000)));
  delete process.env.FAKE_WEB_EXIT_BEFORE_READY;
  delete process.env.FAKE_WEB_FAIL_FILE;
});

describe("WebProcess (the launcher's web app process)", () => {
  it("restarts a web app that dies, with no port meanwhile; stop() ends it for good", async () => {
    const lines: string[] = [];
    const w = webProcess(lines);
    const first = await w.start();
    const pid1 = await pidAt(first);
    expect(pid1).toBe(w.pid);

    process.kill(pid1, "SIGKILL");
    await until("the exit to be seen", () => w.port === null);
    await until("the restart", () => w.port !== null);
    const pid2 = await pidAt(w.port!);
    expect(pid2).not.toBe(pid1);
    expect(w.restarts).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/stopped \(signal SIGKILL\): restarting it in 0\.1 s; the gateway keeps serving/)]);

    await w.stop(2000);
    await until("the child to exit", () => !alive(pid2));
    await new Promise((r) => setTimeout(r, 300)); // longer than the restart delay: nothing comes back
    expect(w.port).toBeNull();
    expect(w.pid).toBeUndefined();
    expect(w.restarts).toBe(1);
  });

  it("after retire(), a web app that exits (the shutdown signal reached it too) is not restarted", async () => {
    const lines: string[] = [];
    const w = webProcess(lines);
    const pid = await pidAt(await w.start());
    w.retire();
    process.kill(pid, "SIGTERM");
    await until("the child to exit", () => !alive(pid));
    await new Promise((r) => setTimeout(r, 300)); // longer than the restart delay
    expect(w.restarts).toBe(0);
    expect(w.port).toBeNull();
    expect(lines).toEqual([]);
  });

  it("a web app that cannot start fails start() with its exit code and is not restarted", async () => {
    const lines: string[] = [];
    const w = webProcess(lines);
    process.env.FAKE_WEB_EXIT_BEFORE_READY = "7"; // read by the child at fork
    await expect(w.start()).rejects.toThrow("the web app process exited before it listened (exit code 7)");
    await new Promise((r) => setTimeout(r, 300));
    expect(w.restarts).toBe(0);
    expect(w.pid).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("restarts that fail before listening are retried with a doubling delay until one works", async () => {
    const lines: string[] = [];
    const failFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sy-web-")), "fail");
    process.env.FAKE_WEB_FAIL_FILE = failFile;
    const w = webProcess(lines);
    const pid1 = await pidAt(await w.start());

    fs.writeFileSync(failFile, "");
    process.kill(pid1, "SIGKILL");
    await until("three failed restarts", () => lines.length >= 4);
    fs.rmSync(failFile);
    await until("the restart that works", () => w.port !== null, 3000);
    expect(await pidAt(w.port!)).not.toBe(pid1);
    expect(lines.slice(0, 4).map((l) => l.replace(/.*\((.*)\): restarting it in (\S+) s.*/, "$1 $2"))).toEqual([
      "signal SIGKILL 0.1",
      "exit code 4 0.2",
      "exit code 4 0.4",
      "exit code 4 0.4", // capped at maxDelayMs
    ]);
  });
});
