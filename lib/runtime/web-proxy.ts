import http from "node:http";

// The launcher's forwarding to the web app process (scripts/web.ts): bytes are piped both ways, never parsed.
// The client's Host header is kept (auth builds its URLs from it); X-Forwarded-For/-Proto say who asked.
// `port()` is where the web app listens now, null while it restarts (lib/runtime/web-process.ts): then 503.

const HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);

function unavailable(res: http.ServerResponse, status: number, message: string, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { ...headers, "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type: "unavailable" } }));
}

export function webProxy(port: () => number | null): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return (req, res) => {
    const webPort = port();
    if (webPort === null) {
      req.resume();
      return unavailable(res, 503, "The web app is restarting; the gateway (/api/route/v1) is not affected. Retry in a few seconds.", { "retry-after": "2" });
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
    headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
    headers["x-forwarded-proto"] ??= "http";
    const up = http.request({ host: "127.0.0.1", port: webPort, method: req.method, path: req.url, headers, agent }, (upRes) => {
      const raw: string[] = [];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
        if (!HOP.has(upRes.rawHeaders[i]!.toLowerCase())) raw.push(upRes.rawHeaders[i]!, upRes.rawHeaders[i + 1]!);
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, raw);
      upRes.pipe(res);
      upRes.on("error", () => res.destroy());
    });
    up.on("error", (err) => {
      if (res.headersSent) return void res.destroy();
      unavailable(res, 502, `The web app is not answering (${err.message})`);
    });
    res.on("close", () => {
      if (!res.writableFinished) up.destroy(); // the client left: stop the web app's work too
    });
    req.pipe(up);
  };
}
