// npm run demo:traffic: fresh traffic through a running Switchyard gateway with the demo team's key, so the spend
// dashboard moves while you watch. Prompts are RouteLLM MT-Bench questions (the ones the demo upstream replays);
// about half carry their task in x-switchyard-task, the rest are left to the classifier.
//   npm run demo:traffic -- [--url http://localhost:3000] [--rps 2] [--seconds 60] [--key sy-...]
// The key defaults to the one the launcher keeps in the data dir (SWITCHYARD_DATA_DIR/demo-team-key).
import fs from "node:fs";
import path from "node:path";
import { loadDemoData } from "@/lib/demo-upstream/data";
import { readEnv } from "@/lib/env";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const num = (name: string, d: number) => {
  const v = Number(arg(name) ?? d);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};

const TASK_OF: Record<string, string> = { writing: "writing", roleplay: "chat", reasoning: "reasoning", math: "math", coding: "code", extraction: "extraction", stem: "reasoning", humanities: "chat" };

async function main() {
  const env = readEnv();
  const url = (arg("url") ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const rps = num("rps", 2);
  const seconds = num("seconds", 60);
  const keyFile = path.join(env.dataDir, "demo-team-key");
  const key = arg("key") ?? (fs.existsSync(keyFile) ? fs.readFileSync(keyFile, "utf8").trim() : undefined);
  if (!key) throw new Error(`no team key: start the demo first (npm start writes ${keyFile}) or pass --key`);

  const questions = loadDemoData().mtBench;
  const stats = { sent: 0, ok: 0, failed: 0, byModel: new Map<string, number>() };
  const inFlight = new Set<Promise<void>>();
  const send = async (n: number) => {
    const q = questions[(n * 37) % questions.length]!; // a stride through the categories (they are stored in order)
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    if (n % 2 === 0) headers["x-switchyard-task"] = TASK_OF[q.category] ?? "other";
    try {
      const res = await fetch(`${url}/api/route/v1/chat/completions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: q.turns[0] }], user: "demo-traffic", stream: n % 3 === 0 }),
        signal: AbortSignal.timeout(60_000),
      });
      await res.arrayBuffer(); // read the whole answer (streams too): the gateway logs the request when it ends
      const model = res.headers.get("x-switchyard-model") ?? "-";
      stats.byModel.set(model, (stats.byModel.get(model) ?? 0) + 1);
      if (res.ok) stats.ok++;
      else stats.failed++;
    } catch {
      stats.failed++;
    }
  };

  process.stdout.write(`[demo:traffic] ${rps} req/s for ${seconds} s to ${url}\n`);
  const started = Date.now();
  const total = Math.round(rps * seconds);
  const report = setInterval(() => process.stdout.write(`[demo:traffic] sent ${stats.sent}, ok ${stats.ok}, failed ${stats.failed}\n`), 5000);
  for (let n = 0; n < total; n++) {
    // Even spacing against the wall clock, so a slow answer does not slow the rate.
    const due = started + (n * 1000) / rps;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    stats.sent++;
    const p = send(n).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  clearInterval(report);
  const models = [...stats.byModel.entries()].map(([m, c]) => `${m} ${c}`).join(", ");
  process.stdout.write(`[demo:traffic] done: ${stats.ok} ok, ${stats.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s (${models})\n`);
  process.stdout.write(`[demo:traffic] rows reach the spend dashboard within a second or two (the log writer flushes every 200 ms)\n`);
  if (stats.ok === 0) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`[demo:traffic] ${err.message}\n`);
  process.exit(1);
});
