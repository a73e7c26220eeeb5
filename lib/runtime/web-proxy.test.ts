import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webProxy } from "@/lib/runtime/web-proxy";

// The launcher forwards everything but the data plane to the web app process: a real node:http "web app" behind
// the real proxy, over loopback.

let web: http.Server;
let front: http.Server;
let base = "";
let webPort = 0;
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let aborted = 0;

beforeAll(async () => {
  web = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === "/slow") {
        res.on("close", () => !res.writableFinished && aborted++);
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("started");
        return; // never ends: the client leaves
      }
      res.writeHead(201, [["set-cookie", "a=1; Path=/"], ["set-cookie", "b=2; Path=/"], ["content-type", "application/json"], ["x-web", "yes"]].flat());
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
  webPort = (web.address() as AddressInfo).port;
  front = http.createServer(webProxy(() => webPort));
  await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});

afterAll(async () => {
  front.closeAllConnections();
  web.closeAllConnections();
  await new Promise((r) => front.close(r));
  await new Promise((r) => web.close(r));
});

describe("webProxy (launcher -> web app process)", () => {
  it("forwards method, path, query, body and the client's Host; returns status, body and every Set-Cookie", async () => {
    const res = await fetch(`${base}/api/v1/teams?x=1`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"t"}' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(res.headers.get("x-web")).toBe("yes");
    const got = seen.at(-1)!;
    expect(got).toMatchObject({ method: "POST", url: "/api/v1/teams?x=1", body: '{"name":"t"}' });
    expect(got.headers.host).toBe(new URL(base).host); // the address the client used, not the web app's port
    expect(got.headers.host).not.toContain(String(webPort));
    expect(got.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("a client that leaves mid-answer stops the web app's request too", async () => {
    const ctl = new AbortController();
    const res = await fetch(`${base}/slow`, { signal: ctl.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("started");
    ctl.abort();
    const deadline = Date.now() + 3000;
    while (aborted === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(aborted).toBe(1);
  });

  it("answers 503 in JSON with Retry-After while the web app restarts (no port), and reads the port per request", async () => {
    let now: number | null = null;
    const front2 = http.createServer(webProxy(() => now));
    await new Promise<void>((r) => front2.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(front2.address() as AddressInfo).port}/api/v1/teams`;
    const down = await fetch(url, { method: "POST", body: "{}" });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("2");
    expect(((await down.json()) as { error: { type: string; message: string } }).error).toMatchObject({ type: "unavailable", message: expect.stringContaining("restarting") });
    now = webPort; // back up
    const up = await fetch(url, { method: "POST", body: "{}" });
    expect(up.status).toBe(201);
    front2.closeAllConnections();
    await new Promise((r) => front2.close(r));
  });

  it("answers 502 in JSON when the web app is not there", async () => {
    const dead = http.createServer(webProxy(() => 1)); // nothing listens on port 1
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(dead.address() as AddressInfo).port}/`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("unavailable");
    dead.closeAllConnections();
    await new Promise((r) => dead.close(r));
  });
});
