// A second (third, ...) gateway instance for multi-instance tests: serves the data plane on a free port against
// DATABASE_URL and prints {"url": ...} once ready. Run: node --import tsx lib/testing/gateway-instance.ts
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { logWriter } from "@/lib/gateway/log-writer";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { runShutdownHooks } from "@/lib/runtime/shutdown";
import { serveRoutes } from "@/lib/testing/serve";

await gatewayConfig().load();
logWriter().start();
const app = await serveRoutes(GATEWAY_ROUTES);
process.stdout.write(JSON.stringify({ url: app.url }) + "\n");
process.on("SIGTERM", async () => {
  await app.close();
  await runShutdownHooks(() => {}, Date.now() + 5000);
  process.exit(0);
});
