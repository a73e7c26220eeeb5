import { prisma } from "@/lib/db/client";

export type TrafficKind = "live" | "shadow" | "eval";
export type RequestStatus = "success" | "error" | "incomplete" | "cancelled";

/** One gateway request, as the log writer holds it until it is written. */
export type LogRecord = {
  id: string;
  createdAt: Date;
  teamId: string;
  apiKeyId: string | null;
  kind: TrafficKind;
  endpoint: string;
  task: string;
  requestedModel: string;
  modelId: string | null;
  modelName: string | null;
  providerId: string | null;
  providerName: string | null;
  inHouse: boolean;
  status: RequestStatus;
  httpStatus: number;
  errorCode: string | null;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  costNanoUsd: number; // integer nano-dollars; formatted exactly when written
  latencyMs: number;
  ttftMs: number | null;
  attempts: number;
  fallback: boolean;
  routeReason: string | null;
  attemptLog: unknown[] | null;
  userTag: string | null;
  requestBody: unknown;
  responseBody: unknown;
};

export function nanoToDecimal(nano: number): string {
  const n = BigInt(Math.round(nano));
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0");
  return `${neg ? "-" : ""}${whole}.${frac}`;
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const hour = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

/** Insert a batch exactly once (ON CONFLICT on the request id) and add only the rows actually inserted to the
 * hourly rollups, in one transaction: a retried batch can never double-count. Returns how many were new. */
export async function writeRequestLogBatch(records: LogRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const col = <T>(f: (r: LogRecord) => T) => records.map(f);
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO request_logs (id, created_at, team_id, api_key_id, kind, endpoint, task, requested_model, model_id,
        model_name, provider_id, provider_name, in_house, status, http_status, error_code, stream, input_tokens,
        output_tokens, usage_estimated, cost_usd, latency_ms, ttft_ms, attempts, fallback, route_reason, attempt_log,
        user_tag, request_body, response_body)
      SELECT * FROM unnest(
        ${col((r) => r.id)}::text[], ${col((r) => r.createdAt.toISOString())}::timestamp(3)[], ${col((r) => r.teamId)}::text[],
        ${col((r) => r.apiKeyId)}::text[], ${col((r) => r.kind)}::"TrafficKind"[], ${col((r) => r.endpoint)}::text[],
        ${col((r) => r.task)}::text[], ${col((r) => r.requestedModel)}::text[], ${col((r) => r.modelId)}::text[],
        ${col((r) => r.modelName)}::text[], ${col((r) => r.providerId)}::text[], ${col((r) => r.providerName)}::text[],
        ${col((r) => r.inHouse)}::boolean[], ${col((r) => r.status)}::"RequestStatus"[], ${col((r) => r.httpStatus)}::int[],
        ${col((r) => r.errorCode)}::text[], ${col((r) => r.stream)}::boolean[], ${col((r) => r.inputTokens)}::int[],
        ${col((r) => r.outputTokens)}::int[], ${col((r) => r.usageEstimated)}::boolean[],
        ${col((r) => nanoToDecimal(r.costNanoUsd))}::numeric[], ${col((r) => r.latencyMs)}::int[], ${col((r) => r.ttftMs)}::int[],
        ${col((r) => r.attempts)}::int[], ${col((r) => r.fallback)}::boolean[], ${col((r) => r.routeReason)}::text[],
        ${col((r) => json(r.attemptLog))}::jsonb[], ${col((r) => r.userTag)}::text[], ${col((r) => json(r.requestBody))}::jsonb[],
        ${col((r) => json(r.responseBody))}::jsonb[])
      ON CONFLICT DO NOTHING
      RETURNING id`;
    if (inserted.length === 0) return 0;
    const fresh = new Set(inserted.map((r) => r.id));
    const groups = new Map<string, { r: LogRecord; requests: number; errors: number; inT: number; outT: number; nano: number; lat: number }>();
    for (const r of records) {
      if (!fresh.has(r.id)) continue;
      const bucket = hour(r.createdAt);
      const key = [bucket.getTime(), r.teamId, r.modelName ?? "", r.providerName ?? "", r.task, r.kind].join("\u0000");
      const g = groups.get(key) ?? { r: { ...r, createdAt: bucket }, requests: 0, errors: 0, inT: 0, outT: 0, nano: 0, lat: 0 };
      g.requests += 1;
      g.errors += r.status === "success" ? 0 : 1;
      g.inT += r.inputTokens;
      g.outT += r.outputTokens;
      g.nano += r.costNanoUsd;
      g.lat += r.latencyMs;
      groups.set(key, g);
    }
    const gs = [...groups.values()];
    await tx.$executeRaw`
      INSERT INTO usage_rollups (bucket, team_id, model_name, provider_name, task, kind, in_house, requests, errors,
        input_tokens, output_tokens, cost_usd, latency_ms_sum)
      SELECT * FROM unnest(
        ${gs.map((g) => g.r.createdAt.toISOString())}::timestamp(3)[], ${gs.map((g) => g.r.teamId)}::text[],
        ${gs.map((g) => g.r.modelName ?? "")}::text[], ${gs.map((g) => g.r.providerName ?? "")}::text[],
        ${gs.map((g) => g.r.task)}::text[], ${gs.map((g) => g.r.kind)}::"TrafficKind"[], ${gs.map((g) => g.r.inHouse)}::boolean[],
        ${gs.map((g) => g.requests)}::int[], ${gs.map((g) => g.errors)}::int[], ${gs.map((g) => g.inT)}::bigint[],
        ${gs.map((g) => g.outT)}::bigint[], ${gs.map((g) => nanoToDecimal(g.nano))}::numeric[], ${gs.map((g) => g.lat)}::bigint[])
      ON CONFLICT (bucket, team_id, model_name, provider_name, task, kind) DO UPDATE SET
        requests = usage_rollups.requests + EXCLUDED.requests,
        errors = usage_rollups.errors + EXCLUDED.errors,
        input_tokens = usage_rollups.input_tokens + EXCLUDED.input_tokens,
        output_tokens = usage_rollups.output_tokens + EXCLUDED.output_tokens,
        cost_usd = usage_rollups.cost_usd + EXCLUDED.cost_usd,
        latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum`;
    return inserted.length;
  });
}

export function findRequestLogForTeam(id: string, teamId: string) {
  return prisma.requestLog.findFirst({ where: { id, teamId }, select: { id: true, createdAt: true, task: true, modelName: true, teamId: true } });
}
