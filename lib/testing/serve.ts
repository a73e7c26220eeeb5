import http from "node:http";
import type { AddressInfo } from "node:net";
import { nodeListener, type WebHandler } from "@/lib/gateway/node-adapter";

/** Serves Web-standard route handlers over real HTTP with the production node adapter, so tests can point the
 * official SDKs at them. */
export async function serveRoutes(routes: Record<string, WebHandler>): Promise<{ url: string; close: () => Promise<void> }> {
  const listener = nodeListener(routes);
  const server = http.createServer((req, res) => {
    if (!listener(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
