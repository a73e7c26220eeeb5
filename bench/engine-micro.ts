// npm run bench:engine: CPU per request of the gateway engine itself (handleGateway, in process, no HTTP server in
// front), next to a bare undici call to the same mock upstream: the difference is what Switchyard adds.
import { spawn } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/schema-engine";

const pg = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".switchyard/bench"), port: 54359, database: `micro_${Date.now()}` });
await applyMigrations(pg.url);
process.env.DATABASE_URL = pg.url;
process.env.SWITCHYARD_SECRET_KEY = Buffer.from("switchyard-bench-master-key-32by").toString("base64");
process.env.SWITCHYARD_UPSTREAM_ALLOWLIST = "127.0.0.1";
process.env.SWITCHYARD_LOG_LEVEL = "warn";
const mock = spawn(process.execPath, ["bench/mock-upstream.mjs"], { env: { ...process.env, MOCK_PORT: "18102" }, stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const { makeModel, makeProvider, makeTeam } = await import("@/lib/testing/factories");
const provider = await makeProvider({ baseUrl: "http://127.0.0.1:18102/v1" });
const model = await makeModel({ providerId: provider.id, upstreamModel: "bench-model", name: `micro-${Date.now()}` });
const { key } = await makeTeam({ defaults: [model.id] });
const { handleGateway } = await import("@/lib/gateway/engine");
const { StreamAnswer } = await import("@/lib/gateway/lite-http");
const { gatewayConfig } = await import("@/lib/gateway/config-cache");
await gatewayConfig().load();
const body = JSON.stringify({ model: model.name, messages: [{ role: "user", content: "y".repeat(200) }] });
async function one() {
  const res = await handleGateway(new Request("http://x/api/route/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body }), "openai");
  if (res instanceof StreamAnswer) throw new Error("the micro bench sends non-stream requests");
  await res.text(); // the JSON answer's text as the node adapter would write it, no Response conversion
}
for (let i = 0; i < 300; i++) await one();
const N = 2000;
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i++) await one();
const c = process.cpuUsage(c0);
console.log(`handleGateway in-process: ${((c.user + c.system) / N).toFixed(0)} µs CPU/req (user ${(c.user / N).toFixed(0)}, sys ${(c.system / N).toFixed(0)}), ${((performance.now() - t0) / N).toFixed(2)} ms wall/req`);
// raw undici to the mock, for the floor
const { request } = await import("undici");
const c1 = process.cpuUsage();
for (let i = 0; i < N; i++) await (await request("http://127.0.0.1:18102/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body })).body.json();
const cc = process.cpuUsage(c1);
console.log(`raw undici call: ${((cc.user + cc.system) / N).toFixed(0)} µs CPU/req (sys ${(cc.system / N).toFixed(0)})`);
mock.kill();
await pg.stop();
process.exit(0);
