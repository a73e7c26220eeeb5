import fs from "node:fs";
import path from "node:path";
import { writeRequestLogBatch, type LogRecord } from "@/lib/db/request-log";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/runtime/shutdown";

// Request logs leave the response path: push() is a synchronous array append. A timer writes batches; while the
// database is down, batches stay queued and are retried with backoff; past MAX_QUEUE the oldest spill to JSONL
// files in the data dir and are replayed later. Each row is written exactly once (see writeRequestLogBatch).

const BATCH = 1000;
const INTERVAL_MS = 200;
const MAX_QUEUE = 100_000;
const MAX_BACKOFF_MS = 5000;

export class LogWriter {
  private queue: LogRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private backoffMs = 0;
  private nextTryAt = 0;
  private failing = false;
  private replaying: string | null = null; // spool file whose rows are queued; deleted once they are written
  written = 0;

  constructor(
    private readonly write: (batch: LogRecord[]) => Promise<number> = writeRequestLogBatch,
    private readonly spoolDir: string = path.join(env().dataDir, "log-spool"),
  ) {}

  push(record: LogRecord): void {
    this.queue.push(record);
    if (this.queue.length > MAX_QUEUE) this.spill(this.queue.splice(0, MAX_QUEUE / 2));
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), INTERVAL_MS);
      this.timer.unref();
    }
  }

  get size(): number {
    return this.queue.length;
  }

  /** A record still waiting to be written (the feedback endpoint may ask about a request seconds old). */
  pending(id: string): LogRecord | undefined {
    return this.queue.find((r) => r.id === id);
  }

  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (Date.now() < this.nextTryAt) return;
    if (this.queue.length === 0) this.unspool();
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH);
      try {
        this.written += await this.write(batch);
        this.queue.splice(0, batch.length);
        if (this.failing) logger.info("request log: database back, writing queued rows", { queued: this.queue.length });
        this.failing = false;
        this.backoffMs = 0;
      } catch (err) {
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(250, this.backoffMs * 2));
        this.nextTryAt = Date.now() + this.backoffMs;
        if (!this.failing) logger.warn("request log: write failed, keeping rows queued", { error: (err as Error).message, queued: this.queue.length });
        this.failing = true;
        return;
      }
    }
    if (this.replaying) {
      fs.rmSync(this.replaying, { force: true });
      this.replaying = null;
    }
  }

  /** Shutdown: write everything, or spill what cannot be written in time so nothing is lost. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      this.nextTryAt = 0;
      await this.flush();
      if (this.queue.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.queue.length > 0) this.spill(this.queue.splice(0));
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private spill(records: LogRecord[]) {
    fs.mkdirSync(this.spoolDir, { recursive: true });
    const file = path.join(this.spoolDir, `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
    fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n", { mode: 0o600 });
    logger.warn("request log: spilled queued rows to disk", { rows: records.length, file });
  }

  private unspool() {
    if (this.replaying || !fs.existsSync(this.spoolDir)) return;
    const file = fs.readdirSync(this.spoolDir).filter((f) => f.endsWith(".jsonl")).sort()[0];
    if (!file) return;
    const full = path.join(this.spoolDir, file);
    const rows = fs.readFileSync(full, "utf8").split("\n").filter(Boolean).map((l) => {
      const r = JSON.parse(l) as LogRecord;
      return { ...r, createdAt: new Date(r.createdAt) };
    });
    this.queue.push(...rows);
    this.replaying = full; // a crash before it is deleted replays it again; ON CONFLICT makes that harmless
  }
}

const g = globalThis as unknown as { __switchyardLogWriter?: LogWriter };
export function logWriter(): LogWriter {
  if (!g.__switchyardLogWriter) {
    const w = new LogWriter();
    g.__switchyardLogWriter = w;
    registerShutdownHook("request-log", () => w.drain(8000));
  }
  return g.__switchyardLogWriter;
}
