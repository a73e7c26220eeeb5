// The web app (Next.js: admin console, /api/v1, auth) in its own process, started by scripts/start.ts in production
// mode. The launcher keeps the data plane (/api/route/v1/*) in its process and forwards everything else here, so
// dashboards never share an event loop (or Next's AsyncLocalStorage promise hooks and patched globals) with the
// gateway. Listens on 127.0.0.1 at a free port and reports it to the launcher over IPC; the environment (database
// URL, secrets) comes from the launcher. SIGTERM: stop accepting, finish requests, run shutdown hooks, exit.
import http from "node:http";
import { PROJECT_ROOT } from "@/lib/db/schema-engine";
import { drainServer } from "@/lib/runtime/drain";
import { runShutdownHooks } from "@/lib/runtime/shutdown";

const say = (line: string) => process.stdout.write(`[switchyard web] ${line}\n`);

async function main() {
  const next = (await import("next")).default;
  const app = next({ dev: false, dir: PROJECT_ROOT, hostname: "127.0.0.1", port: 0 });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as import("node:net").AddressInfo;
  process.send?.({ ready: true, port });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const drain = drainServer(server);
    await Promise.race([drain.closed, new Promise((r) => setTimeout(r, 5_000))]);
    drain.force();
    await runShutdownHooks(say, Date.now() + 5_000);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => {}); // a terminal's Ctrl-C reaches the whole group: the launcher decides when we stop
  process.on("disconnect", () => void stop()); // the launcher is gone
}

main().catch((err: Error) => {
  process.stderr.write(`[switchyard web] error: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
