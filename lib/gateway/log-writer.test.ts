import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LogRecord } from "@/lib/db/request-log";
import { LogWriter } from "@/lib/gateway/log-writer";
import { makeLogRecord } from "@/lib/testing/factories";

// docs/RELIABILITY.md item 6: while the database is down request logs are buffered, then written exactly once,
// and nothing is silently dropped (not at shutdown either: what cannot be written spills to disk and is replayed).
// The database is an injected fake here: `down` makes every write throw, as a lost connection would.

// ---------- helpers ----------

let seq = 0;
function record(): LogRecord {
  seq++;
  return makeLogRecord({
    id: `req_${process.pid.toString(16)}${seq.toString(16).padStart(12, "0")}`,
    createdAt: new Date(Date.UTC(2030, 0, 1, 12, 0, 0, seq)),
    apiKeyId: "key-1",
    modelId: "m1",
    providerId: "p1",
  });
}

/** A fake database: write() throws while `down`, else keeps each batch (as copies) and returns its size. */
function fakeDb(down: boolean) {
  const db = {
    down,
    calls: 0,
    batches: [] as LogRecord[][],
    write: async (batch: LogRecord[]) => {
      db.calls++;
      if (db.down) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      db.batches.push(batch.map((r) => ({ ...r })));
      return batch.length;
    },
    ids: () => db.batches.flat().map((r) => r.id),
  };
  return db;
}

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-spool-"));
  tmpDirs.push(dir);
  return dir;
}
const spoolFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".jsonl")) : []);

const writers: LogWriter[] = [];
function writer(db: ReturnType<typeof fakeDb>, dir: string): LogWriter {
  const w = new LogWriter(db.write, dir);
  writers.push(w);
  return w;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

afterEach(async () => {
  // Stop the writers' timers (a writer whose database is down spills to its own tmp dir, never the real one).
  for (const w of writers.splice(0)) await w.drain(0);
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// ---------- tests ----------

describe("LogWriter with the database down", () => {
  it("keeps pushed rows queued while writes fail, then writes each exactly once, in order", async () => {
    const db = fakeDb(true);
    const dir = tmpDir();
    const w = writer(db, dir);
    const rows = [record(), record(), record()];

    w.push(rows[0]!);
    w.push(rows[1]!);
    await w.flush();
    expect(db.calls).toBe(1);
    expect(w.size).toBe(2);

    w.push(rows[2]!); // still down: queued behind the others
    await sleep(700); // the writer's own timer retries (with backoff) and keeps failing
    expect(db.calls).toBeGreaterThan(1);
    expect(w.size).toBe(3);
    expect(db.batches).toHaveLength(0);

    db.down = false;
    await until(() => w.size === 0);
    expect(db.ids()).toEqual(rows.map((r) => r.id));
    expect(w.written).toBe(3);

    // Later rows go through normally, and nothing already written is sent again.
    const late = record();
    w.push(late);
    await until(() => w.size === 0);
    await sleep(450); // a few more timer ticks: no duplicate writes
    expect(db.ids()).toEqual([...rows, late].map((r) => r.id));
    expect(spoolFiles(dir)).toEqual([]);
  });

  it("pending(id) finds a queued row, and forgets it once written", async () => {
    const db = fakeDb(true);
    const w = writer(db, tmpDir());
    const r = record();
    w.push(record());
    w.push(r);
    await w.flush();
    expect(w.pending(r.id)).toEqual(r);
    expect(w.pending("req_not_there")).toBeUndefined();

    db.down = false;
    await until(() => w.size === 0);
    expect(w.pending(r.id)).toBeUndefined();
  });

  it("past 100 000 queued rows the oldest spill to disk; none is lost, each is written once", async () => {
    const db = fakeDb(true);
    const dir = tmpDir();
    const w = writer(db, dir);
    const rows = Array.from({ length: 100_001 }, record);
    for (const r of rows) w.push(r);

    expect(spoolFiles(dir)).toHaveLength(1);
    expect(w.size + fs.readFileSync(path.join(dir, spoolFiles(dir)[0]!), "utf8").trim().split("\n").length).toBe(rows.length);

    db.down = false;
    await until(() => db.ids().length >= rows.length && spoolFiles(dir).length === 0, 15_000);
    const ids = db.ids();
    expect(ids).toHaveLength(rows.length);
    expect(new Set(ids).size).toBe(rows.length);
  });
});

describe("LogWriter drain and spool replay", () => {
  it("drain() with a database that never returns spills to JSONL; a new writer replays it once and deletes the file", async () => {
    const dir = tmpDir();
    const down = fakeDb(true);
    const w1 = writer(down, dir);
    const rows = [record(), record(), record()];
    for (const r of rows) w1.push(r);

    const t0 = performance.now();
    await w1.drain(400);
    expect(performance.now() - t0).toBeLessThan(3000); // drain gives up at its deadline
    expect(down.calls).toBeGreaterThan(1); // it did keep trying until then
    expect(w1.size).toBe(0);
    const files = spoolFiles(dir);
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0]!);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600); // request rows can hold prompts
    const lines = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as LogRecord);
    expect(lines.map((r) => r.id)).toEqual(rows.map((r) => r.id));

    // Next process, database still down at first: the file stays until its rows are written.
    const db = fakeDb(true);
    const w2 = writer(db, dir);
    await w2.flush();
    expect(db.calls).toBe(1);
    expect(w2.pending(rows[1]!.id)?.createdAt).toEqual(rows[1]!.createdAt); // revived as a Date
    expect(spoolFiles(dir)).toEqual(files);

    db.down = false;
    await w2.drain(3000);
    expect(db.ids()).toEqual(rows.map((r) => r.id));
    expect(db.batches.flat().map((r) => r.createdAt)).toEqual(rows.map((r) => r.createdAt));
    expect(spoolFiles(dir)).toEqual([]);

    // A third start has nothing left to replay.
    const again = fakeDb(false);
    const w3 = writer(again, dir);
    await w3.flush();
    expect(again.calls).toBe(0);
  });
});

describe("races and bad rows", () => {
  it("loses nothing when a spill happens while a batch is being written", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-spool-race-"));
    const written = new Set<string>();
    let release: () => void = () => {};
    let first = true;
    const writer = new LogWriter(async (batch) => {
      if (first) {
        first = false;
        await new Promise<void>((r) => (release = r));
      }
      for (const r of batch) written.add(r.id);
      return batch.length;
    }, dir);
    const all: string[] = [];
    const push = () => {
      const r = record();
      all.push(r.id);
      writer.push(r);
    };
    push();
    const inflight = writer.flush(); // the first batch (one row) is now being written
    for (let i = 0; i < 100_001; i++) push(); // crosses the queue cap: the oldest half spills to disk
    release();
    await inflight;
    await writer.drain(10_000);
    const replay = new LogWriter(async (batch) => {
      for (const r of batch) written.add(r.id);
      return batch.length;
    }, dir);
    await replay.flush();
    await replay.flush();
    expect(all.filter((id) => !written.has(id))).toEqual([]);
  }, 60_000);

  it("sets aside a row the database refuses as data and writes the rows behind it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-spool-bad-"));
    const bad = record();
    const written: string[] = [];
    const writer = new LogWriter(async (batch) => {
      if (batch.some((r) => r.id === bad.id)) throw Object.assign(new Error("invalid byte sequence"), { code: "22021" });
      written.push(...batch.map((r) => r.id));
      return batch.length;
    }, dir);
    const good = [record(), record()];
    writer.push(good[0]!);
    writer.push(bad);
    writer.push(good[1]!);
    await writer.flush();
    expect(written).toEqual(good.map((r) => r.id));
    expect(writer.size).toBe(0);
    expect(fs.readFileSync(path.join(dir, "dead-letter.jsonl.bad"), "utf8")).toContain(bad.id);
  });
});

describe("LogWriter batching", () => {
  it("a flush writes the rows queued when it began; rows arriving during its write wait for the next one", async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    const w = new LogWriter(async (batch) => {
      batches.push(batch.map((r) => r.id));
      if (batches.length === 1) await new Promise<void>((r) => (release = r)); // the first write is slow
      return batch.length;
    }, tmpDir());
    writers.push(w);
    const first = [record(), record()];
    for (const r of first) w.push(r);
    const flushing = w.flush();
    await until(() => batches.length === 1);
    const during = [record(), record(), record()];
    for (const r of during) w.push(r); // a steady trickle while the first batch is being written
    release();
    await flushing;
    // one transaction for the first rows, not a chase after every row that came in meanwhile
    expect(batches).toEqual([first.map((r) => r.id)]);
    expect(w.size).toBe(3);
    await w.flush();
    expect(batches).toEqual([first.map((r) => r.id), during.map((r) => r.id)]);
  });

  it("flush() called during a write also writes the rows queued after that write began", async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    const w = new LogWriter(async (batch) => {
      batches.push(batch.map((r) => r.id));
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return batch.length;
    }, tmpDir());
    writers.push(w);
    const a = record();
    w.push(a);
    void w.flush(); // e.g. the writer's own timer
    await until(() => batches.length === 1);
    const b = record();
    w.push(b);
    const mine = w.flush(); // e.g. a test or shutdown that needs b written
    release();
    await mine;
    expect(batches).toEqual([[a.id], [b.id]]);
    expect(w.size).toBe(0);
  });
});
