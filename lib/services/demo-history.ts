import { seededRandom } from "@/lib/router/auto/linear";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg-pool";
import { loadDemoData, modelFamily, type DemoData } from "@/lib/demo-upstream/data";
import { logger } from "@/lib/logger";

// Demo mode's first start: ~30 days of believable gateway history for the demo teams, so the spend dashboard has
// live charts at once. Prompts and tasks come from the RouteLLM MT-Bench questions the demo upstream replays
// (their recorded answers size the outputs), volume follows office hours and weekdays, each team's routing
// policy picks the models (so in-house vs external follows the policies), and a few requests fail or fall back.
// Rows go in with set-based INSERTs that write request_logs, usage_rollups (and, by trigger, the daily rollups)
// and the teams' budget spend in one statement each, so every figure agrees the way the log writer's would.

const SEEDED_KEY = "demo.historySeededAt";

/** MT-Bench category -> Switchyard task. */
const TASK_OF: Record<string, string> = { writing: "writing", roleplay: "chat", reasoning: "reasoning", math: "math", coding: "code", extraction: "extraction", stem: "reasoning", humanities: "chat" };

/** Per team: requests per hour at the weekday peak, and how its prompts spread over MT-Bench categories. */
const PROFILES: Record<string, { peakPerHour: number; mix: Record<string, number> }> = {
  platform: { peakPerHour: 22, mix: { coding: 5, reasoning: 1, extraction: 1, writing: 1, roleplay: 2 } },
  support: { peakPerHour: 16, mix: { roleplay: 5, writing: 3, humanities: 2, extraction: 1 } },
  research: { peakPerHour: 8, mix: { math: 4, reasoning: 3, stem: 3, coding: 1 } },
  data: { peakPerHour: 11, mix: { extraction: 6, writing: 1, roleplay: 1 } },
};

/** Office-hours curve over the UTC day (a team spread over Europe and the Americas), 0..1. */
const HOUR_CURVE = [0.12, 0.1, 0.08, 0.08, 0.1, 0.15, 0.25, 0.45, 0.7, 0.9, 1, 0.95, 0.85, 0.95, 1, 0.95, 0.85, 0.7, 0.55, 0.42, 0.32, 0.25, 0.18, 0.14];
const WEEKEND = 0.25;
const LATENCY: Record<string, [number, number]> = { "gpt-4": [1800, 5200], "gpt-4o-mini": [450, 1400], "claude-sonnet": [1300, 3800], "mixtral-8x7b": [600, 1900] };

/** A seeded PRNG (mulberry32), so a demo looks the same on every machine. */
const prng = seededRandom;

type ModelInfo = { id: string; name: string; providerId: string; providerName: string; inHouse: boolean; inMicro: number; outMicro: number };
type Rules = Map<string, string[]>; // task -> model names, "*" = defaults

type Row = {
  id: string; createdAt: string; teamId: string; task: string; model: ModelInfo; status: "success" | "error"; httpStatus: number; errorCode: string | null;
  stream: boolean; inputTokens: number; outputTokens: number; costNano: number; latencyMs: number; ttftMs: number | null; attempts: number;
  fallback: boolean; routeReason: string; attemptLog: string;
};

async function loadWorld() {
  const teams = await prisma.team.findMany({
    where: { slug: { in: Object.keys(PROFILES) } },
    select: { id: true, slug: true, routingPolicy: { select: { rules: { select: { task: true, targets: { orderBy: { position: "asc" }, select: { model: { select: { name: true } } } } } } } } },
  });
  const models = await prisma.model.findMany({
    select: { id: true, name: true, providerId: true, provider: { select: { name: true, inHouse: true } }, prices: { orderBy: { effectiveFrom: "desc" }, take: 1, select: { inputPerMTokUsd: true, outputPerMTokUsd: true } } },
  });
  const byName = new Map<string, ModelInfo>(
    models.map((m) => [
      m.name,
      {
        id: m.id,
        name: m.name,
        providerId: m.providerId,
        providerName: m.provider.name,
        inHouse: m.provider.inHouse,
        // micro-USD per million tokens, as the gateway prices (lib/gateway/usage.ts costNano)
        inMicro: Math.round(Number(m.prices[0]?.inputPerMTokUsd ?? 0) * 1e6),
        outMicro: Math.round(Number(m.prices[0]?.outputPerMTokUsd ?? 0) * 1e6),
      },
    ]),
  );
  const rules = new Map<string, Rules>(teams.map((t) => [t.id, new Map((t.routingPolicy?.rules ?? []).map((r) => [r.task, r.targets.map((x) => x.model.name)]))]));
  return { teams, byName, rules };
}

/** A picker over weighted keys (the cumulative table is built once). */
function weighted(weights: Record<string, number>): (r: number) => string {
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return (r) => {
    let x = r * total;
    for (const [k, w] of entries) if ((x -= w) < 0) return k;
    return entries[entries.length - 1]![0];
  };
}

/** The history's rows, hour by hour. Pure: same inputs, same rows. */
export function generateHistory(o: {
  now: Date;
  days: number;
  seed: number;
  data: DemoData;
  teams: { id: string; slug: string }[];
  models: Map<string, ModelInfo>;
  rules: Map<string, Rules>;
  /** Only these hours (epoch hours, inclusive) of the range: lets the caller write one slice while making the next. */
  hours?: { first: number; last: number };
}): Row[] {
  const rand = prng(o.seed);
  const byCategory = new Map<string, DemoData["mtBench"]>();
  for (const q of o.data.mtBench) byCategory.set(q.category, [...(byCategory.get(q.category) ?? []), q]);
  const rows: Row[] = [];
  const end = o.now.getTime() - 2 * 60_000; // nothing "in flight": the newest row is a couple of minutes old
  const firstHour = Math.max(Math.floor((end - o.days * 86_400_000) / 3_600_000), o.hours?.first ?? -Infinity);
  const lastHour = Math.min(Math.floor(end / 3_600_000), o.hours?.last ?? Infinity);
  let seq = 0;
  const pickers = new Map(Object.entries(PROFILES).map(([slug, p]) => [slug, weighted(p.mix)]));
  for (let h = firstHour; h <= lastHour; h++) {
    const start = new Date(h * 3_600_000);
    const weekend = start.getUTCDay() === 0 || start.getUTCDay() === 6;
    const curve = HOUR_CURVE[start.getUTCHours()]! * (weekend ? WEEKEND : 1);
    for (const team of o.teams) {
      const profile = PROFILES[team.slug];
      const rules = o.rules.get(team.id);
      if (!profile || !rules) continue;
      // Day-to-day drift (+/-25%) so the lines are not a copy of one day.
      const n = Math.round(profile.peakPerHour * curve * (0.75 + 0.5 * rand()));
      for (let i = 0; i < n; i++) {
        const at = h * 3_600_000 + Math.floor(rand() * 3_600_000);
        if (at > end) continue;
        const category = pickers.get(team.slug)!(rand());
        const questions = byCategory.get(category) ?? o.data.mtBench;
        const q = questions[Math.floor(rand() * questions.length)]!;
        const task = TASK_OF[category] ?? "other";
        const ruled = rules.get(task);
        const chain = (ruled && ruled.length ? ruled : (rules.get("*") ?? [])).map((name) => o.models.get(name)).filter((m): m is ModelInfo => Boolean(m));
        if (chain.length === 0) continue;
        const reason = `task "${task}" (classifier) -> ${ruled && ruled.length ? `rule "${task}"` : "default models"}`;
        const roll = rand();
        const fails = roll < 0.015; // upstream errors that no fallback saved
        const fellBack = !fails && roll < 0.045 && chain.length > 1;
        const model = fellBack ? chain[1]! : chain[0]!;
        const family = modelFamily(model.name);
        const twoTurns = rand() < 0.3;
        const prompt = q.turns[0].length + (twoTurns ? q.turns[1].length + q.answers[family][0].length : 0);
        const answer = q.answers[family][twoTurns ? 1 : 0];
        const inputTokens = fails ? 0 : Math.ceil((prompt + 120) / 4);
        const outputTokens = fails ? 0 : Math.max(1, Math.ceil(answer.length / 4));
        const [lo, hi] = LATENCY[model.name] ?? [500, 2500];
        const latencyMs = Math.round(lo + (hi - lo) * rand() * (0.4 + outputTokens / 1500));
        const stream = rand() < 0.35;
        const attempts: { model: string; provider: string; status: number; ms: number; error?: string }[] = [];
        if (fellBack) attempts.push({ model: chain[0]!.name, provider: chain[0]!.providerName, status: 502, ms: Math.round(150 + 400 * rand()), error: "upstream returned 502" });
        attempts.push({ model: model.name, provider: model.providerName, status: fails ? 502 : 200, ms: latencyMs, ...(fails ? { error: "upstream returned 502" } : {}) });
        rows.push({
          id: `req_demo${(h % 1_000_000).toString(16)}${(seq++).toString(16).padStart(8, "0")}`,
          createdAt: new Date(at).toISOString(),
          teamId: team.id,
          task,
          model,
          status: fails ? "error" : "success",
          httpStatus: fails ? 502 : 200,
          errorCode: fails ? "upstream_error" : null,
          stream,
          inputTokens,
          outputTokens,
          costNano: Math.round((inputTokens * model.inMicro + outputTokens * model.outMicro) / 1000),
          latencyMs: latencyMs + (fellBack ? attempts[0]!.ms : 0),
          ttftMs: stream && !fails ? Math.round(150 + 500 * rand()) : null,
          attempts: attempts.length,
          fallback: fellBack,
          routeReason: reason,
          attemptLog: JSON.stringify(attempts),
        });
      }
    }
  }
  return rows;
}

const nano = (n: number) => `${Math.floor(n / 1e9)}.${String(n % 1e9).padStart(9, "0")}`;

// One statement per chunk: the rows, their hourly rollups (the daily ones follow by trigger) and the teams' month
// spend, all from the same inserted rows (RETURNING), so they cannot disagree.
const INSERT_HISTORY = `
  WITH ins AS (
    INSERT INTO request_logs (id, created_at, team_id, kind, endpoint, task, requested_model, model_id, model_name, provider_id, provider_name,
      in_house, status, http_status, error_code, stream, input_tokens, output_tokens, cost_usd, latency_ms, ttft_ms, attempts, fallback,
      route_reason, attempt_log)
    SELECT id, created_at, team_id, 'live', 'chat.completions', task, 'auto', model_id, model_name, provider_id, provider_name, in_house,
      status, http_status, error_code, stream, input_tokens, output_tokens, cost_usd, latency_ms, ttft_ms, attempts, fallback, route_reason, attempt_log
    FROM unnest($1::text[], $2::timestamp(3)[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[],
      $10::"RequestStatus"[], $11::int[], $12::text[], $13::boolean[], $14::int[], $15::int[], $16::numeric[], $17::int[], $18::int[], $19::int[],
      $20::boolean[], $21::text[], $22::jsonb[])
      AS v(id, created_at, team_id, task, model_id, model_name, provider_id, provider_name, in_house, status, http_status, error_code, stream,
        input_tokens, output_tokens, cost_usd, latency_ms, ttft_ms, attempts, fallback, route_reason, attempt_log)
    ON CONFLICT DO NOTHING
    RETURNING created_at, team_id, model_name, provider_name, task, in_house, status, input_tokens, output_tokens, cost_usd, latency_ms
  ), rollups AS (
    INSERT INTO usage_rollups (bucket, team_id, model_name, provider_name, task, kind, in_house, requests, errors, input_tokens, output_tokens, cost_usd, latency_ms_sum)
    SELECT date_trunc('hour', created_at), team_id, model_name, provider_name, task, 'live', bool_or(in_house), count(*),
      count(*) FILTER (WHERE status <> 'success'), sum(input_tokens), sum(output_tokens), sum(cost_usd), sum(latency_ms)
    FROM ins GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (bucket, team_id, model_name, provider_name, task, kind) DO UPDATE SET
      requests = usage_rollups.requests + EXCLUDED.requests, errors = usage_rollups.errors + EXCLUDED.errors,
      input_tokens = usage_rollups.input_tokens + EXCLUDED.input_tokens, output_tokens = usage_rollups.output_tokens + EXCLUDED.output_tokens,
      cost_usd = usage_rollups.cost_usd + EXCLUDED.cost_usd, latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum
    RETURNING 1
  )
  INSERT INTO budget_periods (scope, scope_id, period_start, team_id, spent_usd, reserved_usd, updated_at)
  SELECT 'team', team_id, date_trunc('month', created_at)::date, team_id, sum(cost_usd), 0, now() FROM ins WHERE cost_usd > 0 GROUP BY 2, 3, 4 ORDER BY 2, 3
  ON CONFLICT (scope, scope_id, period_start) DO UPDATE SET spent_usd = budget_periods.spent_usd + EXCLUDED.spent_usd, updated_at = EXCLUDED.updated_at`;

function insertParams(chunk: Row[]): unknown[] {
  const col = <T>(f: (r: Row) => T) => chunk.map(f);
  return [
    col((r) => r.id), col((r) => r.createdAt), col((r) => r.teamId), col((r) => r.task), col((r) => r.model.id), col((r) => r.model.name),
    col((r) => r.model.providerId), col((r) => r.model.providerName), col((r) => r.model.inHouse), col((r) => r.status), col((r) => r.httpStatus),
    col((r) => r.errorCode), col((r) => r.stream), col((r) => r.inputTokens), col((r) => r.outputTokens), col((r) => nano(r.costNano)),
    col((r) => r.latencyMs), col((r) => r.ttftMs), col((r) => r.attempts), col((r) => r.fallback), col((r) => r.routeReason), col((r) => r.attemptLog),
  ];
}

/** Seeds the history once per database (a settings flag, set in the same transaction). Never throws: a demo
 * without history still works, it only starts with empty charts. */
export async function seedDemoHistory(opts: { now?: Date; days?: number; seed?: number } = {}): Promise<{ rows: number; ms: number } | null> {
  const t0 = performance.now();
  try {
    if (await prisma.setting.findUnique({ where: { key: SEEDED_KEY } })) return null;
    const { teams, byName, rules } = await loadWorld();
    if (teams.length === 0) return null;
    const now = opts.now ?? new Date();
    const days = opts.days ?? 30;
    const seed = opts.seed ?? 20_260_101;
    const data = loadDemoData();
    const lastHour = Math.floor(now.getTime() / 3_600_000);
    const firstHour = lastHour - days * 24;
    const SLICE_HOURS = 24 * 5;
    let rows = 0;
    const client = await pgPool().connect();
    try {
      await client.query("BEGIN");
      const flag = await client.query(`INSERT INTO settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), now()) ON CONFLICT DO NOTHING RETURNING key`, [SEEDED_KEY, new Date().toISOString()]);
      if (flag.rowCount === 0) {
        await client.query("ROLLBACK");
        return null; // another process got there first
      }
      // Five days at a time, each slice generated while the database writes the previous one.
      let writing: Promise<unknown> = Promise.resolve();
      for (let h = firstHour, i = 0; h <= lastHour; h += SLICE_HOURS, i++) {
        const slice = generateHistory({ now, days, seed: seed + i, data, teams, models: byName, rules, hours: { first: h, last: Math.min(lastHour, h + SLICE_HOURS - 1) } });
        rows += slice.length;
        await writing;
        writing = client.query(INSERT_HISTORY, insertParams(slice));
        await new Promise((r) => setImmediate(r)); // let the socket flush before the next slice's CPU work
      }
      await writing;
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    const ms = Math.round(performance.now() - t0);
    logger.info("demo: seeded request history", { rows, ms });
    return { rows, ms };
  } catch (err) {
    logger.warn("demo: could not seed request history; the spend charts start empty", { error: (err as Error).message });
    return null;
  }
}
