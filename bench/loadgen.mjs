// Closed-loop load generator (undici keep-alive pool): `c` concurrent loops for `duration` seconds.
// Prints one JSON line: {requests, errors, rps, p50, p90, p99 (ms), ttfbP50/P99 for streams}.
import { Pool } from "undici";

const [url, conc, duration, stream, headersJson, model = "bench"] = process.argv.slice(2);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: Number(conc), pipelining: 1 });
const headers = { "content-type": "application/json", ...JSON.parse(headersJson || "{}") };
const body = JSON.stringify({ model, stream: stream === "1", messages: [{ role: "user", content: "y".repeat(200) }] });
const lat = [];
const ttfb = [];
let errors = 0;
const until = performance.now() + Number(duration) * 1000;

async function loop() {
  while (performance.now() < until) {
    const t0 = performance.now();
    try {
      const res = await pool.request({ path: target.pathname, method: "POST", headers, body });
      let first = true;
      for await (const chunk of res.body) {
        if (first) {
          ttfb.push(performance.now() - t0);
          first = false;
        }
        void chunk;
      }
      if (res.statusCode !== 200) errors++;
      else lat.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(conc) }, loop));
const secs = (performance.now() - started) / 1000;
const q = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : null;
};
console.log(JSON.stringify({ requests: lat.length, errors, rps: lat.length / secs, p50: q(lat, 50), p90: q(lat, 90), p99: q(lat, 99), ttfbP50: q(ttfb, 50), ttfbP99: q(ttfb, 99) }));
await pool.close();
