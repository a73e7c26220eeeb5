import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { drainServer } from "@/lib/runtime/drain";

// The launcher and the web app process drain their servers this way on SIGTERM: a real server and a keep-alive client.

describe("drainServer", () => {
  it("lets an in-flight answer finish, then closes its keep-alive connection as it goes idle", async () => {
    let finish: (() => void) | null = null;
    const server = http.createServer((_req, res) => {
      finish = () => res.end("done");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const agent = new http.Agent({ keepAlive: true }); // would keep the socket open forever
    const answer = new Promise<string>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, agent }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c)).on("end", () => resolve(body));
        })
        .on("error", reject);
    });
    while (!finish) await new Promise((r) => setTimeout(r, 10)); // the request is in the handler

    const drain = drainServer(server);
    let closed = false;
    void drain.closed.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(closed).toBe(false); // the answer is still running
    (finish as () => void)();
    expect(await answer).toBe("done");
    const outcome = await Promise.race([drain.closed.then(() => "closed"), new Promise((r) => setTimeout(() => r("still open"), 3000))]);
    expect(outcome).toBe("closed");
    drain.force();
    agent.destroy();
  });
});
