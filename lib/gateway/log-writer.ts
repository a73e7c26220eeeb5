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
  private inFlight: LogRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;
  private backoffMs = 0;
  private nextTryAt = 0;
  private failing = false;
  private replaying: string | null = null; // spool file whose rows are queued; deleted once they are written
  written = 0;
  /** Called with each batch once it is committed (budget leases settle their local view from it). */
  readonly afterWrite: ((batch: readonly LogRecord[]) => void)[] = [];

  constructor(
    private readonly write: (batch: LogRecord[]) => Promise<number> = writeRequestLogBatch,
    private readonly spoolDir: string = path.join(env().dataDir, "log-spool"),
  ) {}

  push(record: LogRecord): void {
    this.queue.push(record);
    if (this.queue.length > MAX_QUEUE) this.spill(this.queue.splice(0, MAX_QUEUE / 2));
    this.start();
  }

  /** Starts the flush timer; the launcher calls it at start-up so rows spilled by an earlier run are replayed
   * even before the first request. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), INTERVAL_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.queue.length;
  }

  /** A record still waiting to be written (the feedback endpoint may ask about a request seconds old). */
  pending(id: string): LogRecord | undefined {
    return this.queue.find((r) => r.id === id) ?? this.inFlight.find((r) => r.id === id);
  }

  /** Writes the rows queued now. A flush already under way took only the rows queued when it began, so a call
   * during one also runs another after it. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.followUp ??= this.flushing.catch(() => {}).then(() => {
        this.followUp = null;
        return this.flushing ?? this.startFlush();
      });
      return this.followUp;
    }
    return this.startFlush();
  }

  private startFlush(): Promise<void> {
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (Date.now() < this.nextTryAt) return;
    if (this.queue.length === 0) this.unspoolSafely();
    // Only the rows queued when this flush began: rows arriving during its writes wait for the next tick. Chasing
    // them turned a steady trickle into back-to-back transactions of a few rows each (121 a second at 700 req/s,
    // measured), whose fixed cost made PostgreSQL the busiest process on the box.
    let left = this.queue.length;
    while (left > 0 && this.queue.length > 0) {
      // The batch leaves the queue before the write: a spill during the write cannot take (or lose) it.
      const batch = this.queue.splice(0, Math.min(BATCH, left));
      left -= batch.length;
      this.inFlight = batch;
      try {
        this.written += await this.write(batch);
        this.inFlight = [];
        this.notify(batch);
        if (this.failing) logger.info("request log: database back, writing queued rows", { queued: this.queue.length });
        this.failing = false;
        this.backoffMs = 0;
      } catch (err) {
        this.inFlight = [];
        if (isDataError(err)) {
          await this.writeOneByOne(batch);
          continue;
        }
        this.queue.unshift(...batch);
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

  private notify(batch: readonly LogRecord[]) {
    for (const f of this.afterWrite) {
      try {
        f(batch);
      } catch (err) {
        logger.error("request log: afterWrite listener failed", { error: (err as Error).message });
      }
    }
  }

  /** A row the database refuses as data (bad encoding, out of range) must not block the rows behind it. */
  private async writeOneByOne(batch: LogRecord[]) {
    for (let i = 0; i < batch.length; i++) {
      try {
        this.written += await this.write([batch[i]!]);
        this.notify([batch[i]!]);
      } catch (err) {
        if (!isDataError(err)) {
          this.queue.unshift(...batch.slice(i));
          throw err;
        }
        this.deadLetter(batch[i]!, err as Error);
      }
    }
  }

  private deadLetter(record: LogRecord, err: Error) {
    fs.mkdirSync(this.spoolDir, { recursive: true });
    fs.appendFileSync(path.join(this.spoolDir, "dead-letter.jsonl.bad"), JSON.stringify({ error: err.message, record }) + "\n", { mode: 0o600 });
    logger.error("request log: the database refused a row; kept in the dead-letter file", { requestId: record.id, error: err.message });
  }

  private unspoolSafely() {
    try {
      this.unspool();
    } catch (err) {
      // A damaged spool file must not block the others: set it aside for a human.
      if (this.replaying) fs.renameSync(this.replaying, `${this.replaying}.bad`);
      this.replaying = null;
      logger.error("request log: unreadable spool file set aside", { error: (err as Error).message });
    }
  }

  /** Shutdown: write everything, or spill what cannot be written in time so nothing is lost. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let attempts = 0;
    // A few tries ride out a blip; a database that is gone (e.g. stopped by the same Ctrl-C) is not waited for.
    while (this.queue.length > 0 && Date.now() < deadline && attempts++ < 4) {
      this.nextTryAt = 0;
      // A write hung on a dead connection must not eat the whole shutdown: race it against the deadline.
      await Promise.race([this.flush(), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      if (this.queue.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    }
    if (this.queue.length > 0) this.spill(this.queue.splice(0));
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private spill(records: LogRecord[]) {
    try {
      fs.mkdirSync(this.spoolDir, { recursive: true });
      const file = path.join(this.spoolDir, `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
      fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n", { mode: 0o600 });
      logger.warn("request log: spilled queued rows to disk", { rows: records.length, file });
    } catch (err) {
      // Disk full or unwritable: keep the rows in memory rather than lose them.
      this.queue.unshift(...records);
      logger.error("request log: could not spill to disk, keeping rows in memory", { error: (err as Error).message });
    }
  }

  private unspool() {
    if (this.replaying || !fs.existsSync(this.spoolDir)) return;
    const file = fs.readdirSync(this.spoolDir).filter((f) => f.endsWith(".jsonl")).sort()[0];
    if (!file) return;
    const full = path.join(this.spoolDir, file);
    this.replaying = full;
    const rows: LogRecord[] = [];
    for (const line of fs.readFileSync(full, "utf8").split("\n")) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as LogRecord;
        rows.push({ ...r, createdAt: new Date(r.createdAt) });
      } catch {
        logger.error("request log: skipped a damaged spool line", { file: full });
      }
    }
    this.queue.push(...rows); // a crash before it is deleted replays it again; ON CONFLICT makes that harmless
  }
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): retrying the same row can never succeed. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23]/.test(code);
}

const g = globalThis as unknown as { __switchyardLogWriter?: LogWriter };
export function logWriter(): LogWriter {
  if (!g.__switchyardLogWriter) {
    const w = new LogWriter();
    g.__switchyardLogWriter = w;
    registerShutdownHook("request-log", (remainingMs) => w.drain(Math.max(500, remainingMs - 1500)));
  }
  return g.__switchyardLogWriter;
}
