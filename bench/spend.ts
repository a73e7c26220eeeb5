// npm run bench:spend: how fast spend dashboards, the statement and the request log answer at 10M request rows,
// and how many rows/s the gateway's real log writer ingests. Against a dedicated, fresh database on the server
// DATABASE_URL names (local only), else an embedded PostgreSQL (data in .switchyard/bench-spend); the database is
// dropped at the end. Prints a table of p50/p95 per query. Target: p95 <= 200 ms per query, ingestion >= 5,000 rows/s.
//   npm run bench:spend -- [--rows 10000000] [--runs 20] [--ingest 100000] [--keep] [--reuse <database>]
// --keep leaves the loaded database in place; --reuse <database> runs only the queries and ingestion against one
// (to repeat a measurement without reloading 10M rows).
//
// Synthetic data: 50 teams (volume skewed: a few big teams), 20 models on 5 providers (2 in-house), 8 tasks; each
// team uses ~4 models and ~3 tasks, spread evenly over 90 days, generated server-side (INSERT ... SELECT over
// generate_series: the same bulk path as COPY without shipping 10M rows through the client) with the table's
// indexes dropped and rebuilt after, then rollups with one INSERT ... SELECT ... GROUP BY, then VACUUM ANALYZE.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres, ensureDatabase, type EmbeddedHandle } from "@/lib/db/embedded";
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/schema-engine";
import type { Caller } from "@/lib/services/context";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
let ROWS = arg("rows", 10_000_000);
const RUNS = arg("runs", 20);
const INGEST = arg("ingest", 100_000);
const REUSE = (() => {
  const i = process.argv.indexOf("--reuse");
  return i > 0 ? process.argv[i + 1] : undefined;
})();
const KEEP = process.argv.includes("--keep") || Boolean(REUSE);
const DAYS = 90;
const TEAMS = 50;
const MODELS = 20;
const TASKS = ["code", "math", "reasoning", "planning", "writing", "extraction", "chat", "other"];
const LOCAL = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

const say = (s: string) => process.stdout.write(`[bench:spend] ${s}\n`);
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

async function main() {
  let embedded: EmbeddedHandle | undefined;
  let server: URL;
  if (process.env.DATABASE_URL) {
    server = new URL(process.env.DATABASE_URL);
    if (!LOCAL.has(server.hostname)) throw new Error(`refusing a non-local database host ${server.hostname}`);
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".switchyard", "bench-spend"), port: await freePort(), database: "postgres" });
    server = new URL(embedded.url);
  }
  const admin = new URL(server);
  admin.pathname = "/postgres";
  const name = REUSE ?? `switchyard_bench_spend_${crypto.randomBytes(4).toString("hex")}`;
  if (REUSE && !/^switchyard_bench_spend_[0-9a-f]{8}$/.test(REUSE)) throw new Error("--reuse takes a database this bench created and kept");
  if (!REUSE) await ensureDatabase(admin.href, name);
  const url = new URL(server);
  url.pathname = `/${name}`;
  say(`database ${name} on ${server.hostname}:${server.port}${embedded ? " (embedded)" : ""}; ${REUSE ? "reused" : `${ROWS.toLocaleString("en-US")} rows`}`);

  try {
    if (!REUSE) await applyMigrations(url.href);
    // lib/env is read lazily: set the environment before the first import that reads it.
    process.env.DATABASE_URL = url.href;
    process.env.SWITCHYARD_LOG_LEVEL ??= "error";
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    try {
      const now = REUSE ? await loadedAt(db) : await load(db, url.href);
      const results = await queries(db, now);
      const ingest = await ingestion(db);
      printTable(results, ingest);
    } finally {
      await db.end();
      const { pgPool } = await import("@/lib/db/pg-pool");
      await pgPool().end().catch(() => {});
      const { closeSpendPool } = await import("@/lib/db/spend");
      await closeSpendPool().catch(() => {});
      const { prisma } = await import("@/lib/db/client");
      await prisma.$disconnect().catch(() => {});
    }
  } finally {
    if (!KEEP) {
      const c = new pg.Client({ connectionString: admin.href });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      say(`dropped ${name}`);
    } else say(`kept ${name}`);
    await embedded?.stop();
  }
}

// ───────────── data ─────────────

async function load(db: pg.Client, url: string): Promise<Date> {
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const start = new Date(now.getTime() - DAYS * 86_400_000);
  let t0 = performance.now();
  await db.query(`INSERT INTO teams (id, name, slug, cost_center, updated_at)
    SELECT 'team_' || lpad(t::text, 2, '0'), 'Team ' || t, 'team-' || t, 'CC-' || (100 + t % 7), now() FROM generate_series(0, ${TEAMS - 1}) t
    UNION ALL SELECT 'ingest_' || t, 'Ingest ' || t, 'ingest-' || t, NULL, now() FROM generate_series(0, ${TEAMS - 1}) t`);

  // Drop the log's indexes while loading (rebuilt below: a sorted build beats 10M index insertions).
  const idx = await db.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'request_logs' AND indexname <> 'request_logs_pkey'`);
  for (const i of idx.rows) await db.query(`DROP INDEX "${i.indexname}"`);
  await db.query(`ALTER TABLE request_logs DROP CONSTRAINT request_logs_pkey`);

  // Two loaders in parallel (the machine has two cores); each inserts chunks of 500k rows.
  const CHUNK = 500_000;
  const chunks: [number, number][] = [];
  for (let lo = 0; lo < ROWS; lo += CHUNK) chunks.push([lo, Math.min(ROWS, lo + CHUNK)]);
  const spanMs = now.getTime() - start.getTime() - 1;
  const tasks = `ARRAY[${TASKS.map((t) => `'${t}'`).join(",")}]`;
  const worker = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    for (let next = chunks.shift(); next; next = chunks.shift()) {
      const [lo, hi] = next;
      // r1..r4: per-row randomness. Team volume is skewed (r1^2); each team has 4 models (skewed) and 3 tasks.
      await c.query(`
        INSERT INTO request_logs (id, created_at, team_id, api_key_id, kind, endpoint, task, requested_model, model_id, model_name, provider_id,
          provider_name, in_house, status, http_status, error_code, stream, input_tokens, output_tokens, usage_estimated, cost_usd, latency_ms,
          ttft_ms, attempts, fallback, route_reason, attempt_log)
        SELECT 'req_' || lpad(to_hex(g), 24, '0'),
          '${start.toISOString()}'::timestamp + (g::float8 / ${ROWS} * ${spanMs}) * interval '1 millisecond',
          'team_' || lpad(t::text, 2, '0'), 'key_' || t, 'live', 'chat.completions', task, 'auto', 'model_' || m, 'm' || lpad(m::text, 2, '0'),
          'prov_' || (m % 5), 'provider-' || (m % 5), m % 5 >= 3,
          CASE WHEN err THEN 'error'::"RequestStatus" ELSE 'success'::"RequestStatus" END, CASE WHEN err THEN 502 ELSE 200 END,
          CASE WHEN err THEN 'upstream_error' END, r3 < 0.3, it, ot, false,
          CASE WHEN err THEN 0 ELSE round((it * (0.2 + m * 0.8) + ot * (0.6 + m * 2.4)) / 1000, 9) / 1000 END,
          (200 + r2 * 3000)::int, (80 + r2 * 400)::int, 1 + (r4 < 0.03)::int, r4 < 0.03, 'task "' || task || '" (classifier) -> default models', '[]'::jsonb
        FROM (SELECT g, random() r1, random() r2, random() r3, random() r4 FROM generate_series(${lo + 1}, ${hi}) g) r
        CROSS JOIN LATERAL (SELECT floor(${TEAMS} * r1 * r1)::int t) tt
        CROSS JOIN LATERAL (SELECT (t * 3 + floor(4 * r2 * r2)::int) % ${MODELS} m, (${tasks})[1 + (t + floor(r3 * 3)::int) % 8] task,
          (50 + r3 * 2000)::int it, (20 + r2 * 800)::int ot, r4 > 0.985 err) x`);
      process.stdout.write(".");
    }
    await c.end();
  };
  await Promise.all([worker(), worker()]);
  process.stdout.write("\n");
  say(`inserted ${ROWS.toLocaleString("en-US")} request rows in ${secs(t0)} s`);

  t0 = performance.now();
  await db.query(`ALTER TABLE request_logs ADD CONSTRAINT request_logs_pkey PRIMARY KEY (id, created_at)`);
  await Promise.all(
    idx.rows.map(async (i) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(i.indexdef);
      await c.end();
    }),
  );
  say(`rebuilt ${idx.rows.length + 1} indexes in ${secs(t0)} s`);

  t0 = performance.now();
  await db.query(`INSERT INTO usage_rollups (bucket, team_id, model_name, provider_name, task, kind, in_house, requests, errors, input_tokens, output_tokens, cost_usd, latency_ms_sum)
    SELECT date_trunc('hour', created_at), team_id, coalesce(model_name, ''), coalesce(provider_name, ''), task, kind, bool_or(in_house), count(*),
      count(*) FILTER (WHERE status <> 'success'), sum(input_tokens), sum(output_tokens), sum(cost_usd), sum(latency_ms)
    FROM request_logs GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1`); // hour by hour, as the log writer appends them in production (a time-clustered heap)
  const rollups = (await db.query<{ n: string }>(`SELECT count(*) n FROM usage_rollups`)).rows[0]!.n;
  const daily = (await db.query<{ n: string }>(`SELECT count(*) n FROM usage_rollups_daily`)).rows[0]!.n;
  say(`computed ${Number(rollups).toLocaleString("en-US")} hourly rollup rows (${Number(daily).toLocaleString("en-US")} daily, by trigger) in ${secs(t0)} s`);

  t0 = performance.now();
  await db.query(`VACUUM ANALYZE request_logs`);
  await db.query(`VACUUM ANALYZE usage_rollups`);
  await db.query(`VACUUM ANALYZE usage_rollups_daily`);
  await db.query(`VACUUM ANALYZE teams`);
  say(`vacuum analyze in ${secs(t0)} s`);
  await db.query(`INSERT INTO settings (key, value, updated_at) VALUES ('bench.loadedAt', to_jsonb($1::text), now()), ('bench.rows', to_jsonb($2::int), now())`, [now.toISOString(), ROWS]);
  return now;
}

/** A reused database: the "now" its data was generated around, so the ranges cover the same rows. */
async function loadedAt(db: pg.Client): Promise<Date> {
  const r = await db.query<{ key: string; value: string | number }>(`SELECT key, value FROM settings WHERE key IN ('bench.loadedAt', 'bench.rows')`);
  const get = (k: string) => r.rows.find((x) => x.key === k)?.value;
  if (!get("bench.loadedAt")) throw new Error("not a database this bench loaded");
  ROWS = Number(get("bench.rows")); // for the table title
  return new Date(String(get("bench.loadedAt")));
}

// ───────────── queries ─────────────

type Result = { name: string; p50: number; p95: number; rows: number };

async function time(name: string, fn: () => Promise<number>): Promise<Result> {
  for (let i = 0; i < 2; i++) await fn(); // warm: plans, caches, the module graph
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    rows = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]!;
  const r = { name, p50: q(50), p95: q(95), rows };
  say(`${name.padEnd(58)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  (${rows} rows)`);
  return r;
}

async function queries(db: pg.Client, now: Date): Promise<Result[]> {
  const { getSpend, getSpendSummary } = await import("@/lib/services/spend");
  const { getStatement, exportStatementCsv } = await import("@/lib/services/statement");
  // The request log's own query (lib/services/requests.ts only maps its rows; it imports next-auth, which tsx cannot load).
  const { listRequests } = await import("@/lib/db/request-list");
  const admin: Caller = { actor: { kind: "token" as const, id: null, email: "bench", name: null, role: "admin" as const, teamIds: [] } };
  const lead: Caller = { actor: { kind: "user" as const, id: "u", email: "lead@bench", name: null, role: "team_lead" as const, teamIds: ["team_03"] } };
  const ago = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

  const out: Result[] = [];
  const spend = (label: string, c: typeof admin, days: number, groupBy: "team" | "model" | "provider" | "task", interval: "hour" | "day" | "month", extra: { teamId?: string; model?: string } = {}) =>
    time(`spend ${label} ${days}d by ${groupBy}/${interval}`, async () => (await getSpend(c, { from: ago(days), to: now, groupBy, interval, ...extra }, now)).rows.length);
  out.push(await spend("all", admin, 1, "team", "hour"));
  out.push(await spend("all", admin, 7, "model", "hour"));
  out.push(await spend("all", admin, 30, "team", "day"));
  out.push(await spend("all", admin, 30, "model", "day"));
  out.push(await spend("all", admin, 90, "provider", "day"));
  out.push(await spend("all", admin, 90, "task", "month"));
  out.push(await spend("1 model", admin, 90, "team", "day", { model: "m07" }));
  out.push(await spend("1 team", admin, 90, "model", "day", { teamId: "team_01" }));
  out.push(await spend("team_lead", lead, 30, "task", "day"));
  for (const days of [1, 30, 90]) out.push(await time(`summary all ${days}d`, async () => (await getSpendSummary(admin, { from: ago(days), to: now }, now)).teams.length));
  out.push(await time(`summary 1 team 90d`, async () => (await getSpendSummary(admin, { from: ago(90), to: now, teamId: "team_01" }, now)).models.length));
  out.push(await time(`statement ${lastMonth} all teams (JSON)`, async () => (await getStatement(admin, { month: lastMonth }, now)).teams.length));
  out.push(await time(`statement ${lastMonth} all teams (CSV)`, async () => (await exportStatementCsv(admin, { month: lastMonth }, now)).csv.split("\r\n").length - 2)); // data lines
  out.push(await time(`statement ${lastMonth} one cost centre`, async () => (await getStatement(admin, { month: lastMonth, costCenter: "CC-101" }, now)).teams.length));

  type PageQ = { teamId?: string; from?: Date; to?: Date; cursor?: string };
  const page = async (_c: typeof admin, q: PageQ) => {
    const [ts, id] = q.cursor?.split("|") ?? [];
    const data = await listRequests({ teamIds: q.teamId ? [q.teamId] : null, from: q.from, to: q.to, after: ts && id ? { createdAt: new Date(ts), id } : undefined }, 51);
    return { data: data.slice(0, 50) };
  };
  out.push(await time("request log first page (all teams)", async () => (await page(admin, {})).data.length));
  out.push(await time("request log first page (one team)", async () => (await page(admin, { teamId: "team_20" })).data.length));
  out.push(await time("request log first page (1 h bucket drill-down)", async () => (await page(admin, { from: ago(10), to: new Date(ago(10).getTime() + 3_600_000) })).data.length));
  // A deep page: the cursor of a row ~45 days back, as reached by paging (keyset: no OFFSET).
  const deep = (await db.query<{ created_at: Date; id: string }>(`SELECT created_at, id FROM request_logs WHERE created_at < $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [ago(45).toISOString()])).rows[0]!;
  const cursor = `${deep.created_at.toISOString()}|${deep.id}`;
  out.push(await time("request log deep cursor page (45 d back, all teams)", async () => (await page(admin, { cursor })).data.length));
  const deepTeam = (await db.query<{ created_at: Date; id: string }>(`SELECT created_at, id FROM request_logs WHERE team_id = 'team_20' AND created_at < $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [ago(45).toISOString()])).rows[0]!;
  out.push(await time("request log deep cursor page (45 d back, one team)", async () => (await page(admin, { teamId: "team_20", cursor: `${deepTeam.created_at.toISOString()}|${deepTeam.id}` })).data.length));
  return out;
}

// ───────────── ingestion through the real log writer ─────────────

async function ingestion(db: pg.Client): Promise<{ rows: number; seconds: number; rate: number; counted: number; rolled: number }> {
  const { LogWriter } = await import("@/lib/gateway/log-writer");
  const { writeRequestLogBatch } = await import("@/lib/db/request-log");
  const rolledSql = `SELECT coalesce(sum(requests), 0) n FROM usage_rollups WHERE team_id LIKE 'ingest_%'`;
  const rolledBefore = Number((await db.query<{ n: string }>(rolledSql)).rows[0]!.n); // a reused database holds earlier runs
  const spool = fs.mkdtempSync(path.join(os.tmpdir(), "bench-spend-spool-"));
  const w = new LogWriter(writeRequestLogBatch, spool);
  const prefix = `req_ingest_${crypto.randomBytes(3).toString("hex")}_`;
  const t0 = performance.now();
  let pushed = 0;
  // Keep the queue well under the writer's spill threshold, as steady gateway traffic would.
  while (pushed < INGEST) {
    while (w.size < 20_000 && pushed < INGEST) {
      const m = pushed % MODELS;
      const it = 50 + (pushed % 1900);
      const ot = 20 + (pushed % 700);
      w.push({
        id: `${prefix}${pushed}`, createdAt: new Date(), teamId: `ingest_${pushed % TEAMS}`, apiKeyId: null, kind: "live",
        endpoint: "chat.completions", task: TASKS[pushed % 8]!, requestedModel: "auto", modelId: `model_${m}`, modelName: `m${String(m).padStart(2, "0")}`,
        providerId: `prov_${m % 5}`, providerName: `provider-${m % 5}`, inHouse: m % 5 >= 3, status: "success", httpStatus: 200, errorCode: null,
        stream: false, inputTokens: it, outputTokens: ot, usageEstimated: false, costNanoUsd: it * 1500 + ot * 4500, latencyMs: 300, ttftMs: null,
        attempts: 1, fallback: false, routeReason: 'task "chat" (classifier) -> default models', attemptLog: [{ model: "m01", provider: "provider-1", status: 200, ms: 290 }],
        userTag: null, requestBody: null, responseBody: null,
      });
      pushed++;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  while (w.written < INGEST) {
    await new Promise((r) => setTimeout(r, 20));
    if (performance.now() - t0 > 600_000) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  await w.drain(5000);
  fs.rmSync(spool, { recursive: true, force: true });
  const counted = Number((await db.query<{ n: string }>(`SELECT count(*) n FROM request_logs WHERE id LIKE $1`, [`${prefix}%`])).rows[0]!.n);
  const rolled = Number((await db.query<{ n: string }>(rolledSql)).rows[0]!.n) - rolledBefore;
  return { rows: INGEST, seconds, rate: INGEST / seconds, counted, rolled };
}

function printTable(results: Result[], ingest: { rows: number; seconds: number; rate: number; counted: number; rolled: number }) {
  const ok = (r: Result) => (r.p95 <= 200 ? "ok" : "SLOW");
  const lines = [
    "",
    `Spend bench: ${ROWS.toLocaleString("en-US")} request rows, ${RUNS} runs per query (after 2 warm-ups), target p95 <= 200 ms`,
    "",
    `| query | p50 ms | p95 ms | rows | |`,
    `|---|---:|---:|---:|---|`,
    ...results.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.rows} | ${ok(r)} |`),
    "",
    `Ingestion through LogWriter + writeRequestLogBatch: ${ingest.rows.toLocaleString("en-US")} rows in ${ingest.seconds.toFixed(1)} s = ${Math.round(ingest.rate).toLocaleString("en-US")} rows/s ` +
      `(target >= 5,000) ${ingest.rate >= 5000 ? "ok" : "SLOW"}; in the table: ${ingest.counted.toLocaleString("en-US")} rows, ${ingest.rolled.toLocaleString("en-US")} in the rollups ${ingest.counted === ingest.rows && ingest.rolled === ingest.rows ? "(none lost)" : "(ROWS LOST)"}`,
    "",
  ];
  process.stdout.write(lines.join("\n"));
  if (ingest.counted !== ingest.rows || ingest.rolled !== ingest.rows) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`[bench:spend] ${err.stack ?? err.message}\n`);
  process.exit(1);
});
