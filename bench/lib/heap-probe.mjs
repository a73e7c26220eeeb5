// Preloaded into the app under test by bench/soak.ts (node --expose-gc --import ./bench/lib/heap-probe.mjs ...):
// on SIGUSR2 it runs full GCs and appends one JSON line of process.memoryUsage() (before, after one GC, after a
// second) to $SOAK_HEAP_FILE, so heap growth can be read as live data rather than garbage not yet collected.
import fs from "node:fs";
import v8 from "node:v8";

const file = process.env.SOAK_HEAP_FILE;
if (file) {
  fs.writeFileSync(file, JSON.stringify({ kind: "start", heapSizeLimit: v8.getHeapStatistics().heap_size_limit, execArgv: process.execArgv, gc: typeof globalThis.gc === "function" }) + "\n");
  process.on("SIGUSR2", () => {
    const before = process.memoryUsage();
    globalThis.gc?.();
    const once = process.memoryUsage();
    // A second pass also frees what only the first made collectable (weak references, finalizers).
    globalThis.gc?.();
    const after = process.memoryUsage();
    // Rows waiting in the request log queue are live heap too: when the database falls behind, they explain a
    // higher heap that is not a leak (the writer is on globalThis, see lib/gateway/log-writer.ts).
    const queued = globalThis.__switchyardLogWriter?.size ?? null;
    fs.appendFileSync(file, JSON.stringify({ kind: "sample", t: Date.now(), rssBefore: before.rss, heapUsedBefore: before.heapUsed, heapUsedAfterOneGc: once.heapUsed, rss: after.rss, heapUsed: after.heapUsed, heapTotal: after.heapTotal, external: after.external, arrayBuffers: after.arrayBuffers, queued }) + "\n");
  });
}
