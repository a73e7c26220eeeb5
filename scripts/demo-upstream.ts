// npx tsx scripts/demo-upstream.ts [--port 3999] [--host 127.0.0.1] [--latency-scale 1]
// Runs the demo upstream (simulated OpenAI + Anthropic endpoints with recorded real-model answers) standalone.
// Control it over HTTP: POST/DELETE /__control/faults, GET/DELETE /__control/requests.
import { startDemoUpstream } from "@/lib/demo-upstream/server";

const say = (line: string) => process.stdout.write(`[demo-upstream] ${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`[demo-upstream] error: ${line}\n`);
  process.exit(1);
};

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = args[i]!;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : (args[i + 1] ?? fail(`--${name} needs a value`));
}

function num(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fail(`--${name} must be a non-negative number, got ${v}`);
}

const upstream = await startDemoUpstream({
  port: num("port", 3999),
  host: arg("host") ?? "127.0.0.1",
  latencyScale: num("latency-scale", 1),
});
say(`listening on ${upstream.url}`);
say(`OpenAI:    ${upstream.url}/v1  (POST /chat/completions, GET /models; any "Bearer <key>")`);
say(`Anthropic: ${upstream.url}/v1  (POST /messages; any x-api-key, anthropic-version header)`);
say(`models containing "mixtral" replay Mixtral-8x7B recordings, all others GPT-4`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    say(`${signal}: closing`);
    upstream.close().then(
      () => process.exit(0),
      (err: unknown) => fail(String(err)),
    );
  });
}
