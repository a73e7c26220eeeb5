import { fork, type ChildProcess } from "node:child_process";

// The web app's process (scripts/web.ts in production), supervised by the launcher. The launcher waits for its first
// start: a web app that cannot start at all (a broken build) fails the launch loudly. After that, a web app that dies
// is restarted with backoff (1 s doubling to 30 s; back to 1 s once a run lasted a minute) while the data plane in
// the launcher keeps serving; meanwhile `port` is null and the launcher's proxy answers 503.
// The child reports its port over IPC ({ready: true, port}) once it listens; it inherits the launcher's environment.

export type WebProcessOptions = {
  script: string;
  execArgv: string[];
  say: (line: string) => void;
  /** first restart delay (tests shorten it) */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** a run this long resets the backoff */
  stableMs?: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WebProcess {
  /** where the web app listens now; null while it is (re)starting */
  port: number | null = null;
  /** times the web app was restarted after dying */
  restarts = 0;
  private child: ChildProcess | null = null;
  private everReady = false;
  private stopped = false;
  private delayMs: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(private o: WebProcessOptions) {
    this.delayMs = o.minDelayMs ?? 1_000;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the web app; resolves with its port once it listens, rejects if it exits before that. */
  start(): Promise<number> {
    return this.spawn();
  }

  /** No restart from now on. The launcher calls it as its shutdown begins: a signal sent to the whole process group
   * (a service manager, Playwright) also reaches the web app, whose exit is then no crash. */
  retire(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** SIGTERM (the web app finishes its requests and runs its shutdown hooks), SIGKILL after `graceMs`. No restart. */
  async stop(graceMs: number): Promise<void> {
    this.retire();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(graceMs)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  private spawn(): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = fork(this.o.script, [], { execArgv: this.o.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
      this.child = child;
      const since = Date.now();
      let ready = false;
      child.on("message", (m: { ready?: boolean; port?: number }) => {
        if (ready || !m?.ready || !m.port) return;
        ready = true;
        this.everReady = true;
        this.port = m.port;
        resolve(m.port);
      });
      child.once("exit", (code, signal) => {
        if (this.child === child) {
          this.child = null;
          this.port = null;
        }
        const why = code !== null ? `exit code ${code}` : `signal ${signal}`;
        if (!ready) reject(new Error(`the web app process exited before it listened (${why})`));
        if (this.stopped || !this.everReady) return; // stopping, or the first start failed: the launcher decides
        if (ready && Date.now() - since >= (this.o.stableMs ?? 60_000)) this.delayMs = this.o.minDelayMs ?? 1_000;
        const delay = this.delayMs;
        this.delayMs = Math.min(delay * 2, this.o.maxDelayMs ?? 30_000);
        this.o.say(`the web app process stopped (${why}): restarting it in ${delay / 1000} s; the gateway keeps serving`);
        this.timer = setTimeout(() => {
          this.timer = null;
          if (this.stopped) return;
          this.restarts++;
          this.spawn().catch(() => {}); // a restart that fails before listening schedules the next one itself
        }, delay);
      });
    });
  }
}
