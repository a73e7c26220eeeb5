import type http from "node:http";

/**
 * Stops `server` accepting connections; `closed` resolves once every connection is gone. server.close() closes only
 * the keep-alive connections idle at that moment, so one whose last response ends during the drain would stay open
 * idle for the whole window: they are swept as they go idle. `force()` ends the sweep and cuts what is left.
 * Used by the launcher (scripts/start.ts) and the web app process (scripts/web.ts).
 */
export function drainServer(server: http.Server): { closed: Promise<void>; force: () => void } {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  void closed.then(() => clearInterval(sweep));
  return {
    closed,
    force: () => {
      clearInterval(sweep);
      server.closeAllConnections();
    },
  };
}
