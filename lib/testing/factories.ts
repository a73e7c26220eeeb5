import crypto from "node:crypto";
import { keyring } from "@/lib/crypto/keyring";
import { seal, secretHint } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/client";
import type { LogRecord } from "@/lib/db/request-log";
import { hashApiKey } from "@/lib/gateway/snapshot";

// Test data factories: unique names per call, so tests share one database without stepping on each other.
export const uid = (p = "t") => `${p}-${crypto.randomBytes(4).toString("hex")}`;

export async function makeProvider(o: { baseUrl: string; kind?: "openai" | "anthropic" | "openai_compatible"; apiKey?: string; inHouse?: boolean }) {
  const apiKey = o.apiKey ?? `sk-test-${uid("key")}`;
  const sealed = seal(apiKey, keyring());
  return prisma.provider.create({
    data: {
      name: uid("provider"),
      kind: o.kind ?? "openai",
      baseUrl: o.baseUrl,
      apiKeyCiphertext: sealed.ciphertext,
      keyVersion: sealed.keyVersion,
      apiKeyHint: secretHint(apiKey),
      inHouse: o.inHouse ?? false,
      connectTimeoutMs: 2000,
      firstByteTimeoutMs: 2000,
      idleTimeoutMs: 1000,
    },
  });
}

export async function makeModel(o: { providerId: string; upstreamModel: string; name?: string; inPrice?: number; outPrice?: number; aliases?: string[]; priceFrom?: Date }) {
  return prisma.model.create({
    data: {
      providerId: o.providerId,
      name: o.name ?? uid("model"),
      upstreamModel: o.upstreamModel,
      aliases: o.aliases ?? [],
      maxOutputTokens: 1024,
      prices: { create: { inputPerMTokUsd: o.inPrice ?? 10, outputPerMTokUsd: o.outPrice ?? 30, effectiveFrom: o.priceFrom ?? new Date("2020-01-01") } },
    },
  });
}

/** A team with a key and a policy: rules maps task -> model ids; defaults are model ids. Returns the raw key. */
export async function makeTeam(o: { rules?: Record<string, string[]>; defaults: string[]; allowed?: string[]; tasks?: string[] }) {
  const team = await prisma.team.create({ data: { name: uid("Team"), slug: uid("team") } });
  const key = `sy-${crypto.randomBytes(24).toString("base64url")}`;
  await prisma.apiKey.create({ data: { teamId: team.id, name: "test", keyHash: hashApiKey(key), prefix: key.slice(0, 8) } });
  const rules = [...Object.entries(o.rules ?? {}), ["*", o.defaults] as const];
  await prisma.routingPolicy.create({
    data: {
      teamId: team.id,
      ...(o.tasks ? { tasks: o.tasks } : {}),
      rules: { create: rules.map(([task, ids]) => ({ task, targets: { create: ids.map((modelId, position) => ({ modelId, position })) } })) },
    },
  });
  if (o.allowed) await prisma.teamAllowedModel.createMany({ data: o.allowed.map((modelId) => ({ teamId: team.id, modelId })) });
  return { team, key };
}

/** A complete request-log record with plain defaults; tests override what they look at. */
export function makeLogRecord(over: Partial<LogRecord> = {}): LogRecord {
  return {
    id: `req_${uid("log")}`,
    createdAt: new Date(),
    teamId: "team-1",
    apiKeyId: null,
    kind: "live",
    endpoint: "chat.completions",
    task: "chat",
    requestedModel: "auto",
    modelId: null,
    modelName: "model-1",
    providerId: null,
    providerName: "provider-1",
    inHouse: false,
    status: "success",
    httpStatus: 200,
    errorCode: null,
    stream: false,
    inputTokens: 10,
    outputTokens: 5,
    usageEstimated: false,
    costNanoUsd: 1234,
    latencyMs: 42,
    ttftMs: null,
    attempts: 1,
    fallback: false,
    routeReason: null,
    attemptLog: [],
    userTag: null,
    requestBody: null,
    responseBody: null,
    ...over,
  };
}

/** The demo upstream's two recorded models, priced: GPT-4 ($10 / $30 per MTok) on a cloud provider and Mixtral ($0.24)
 * on an in-house OpenAI-compatible one. */
export async function makeDemoModels(upstreamUrl: string) {
  const cloud = await makeProvider({ baseUrl: `${upstreamUrl}/v1` });
  const inHouse = await makeProvider({ baseUrl: `${upstreamUrl}/v1`, kind: "openai_compatible", inHouse: true });
  const gpt4 = await makeModel({ providerId: cloud.id, upstreamModel: "gpt-4-1106-preview", inPrice: 10, outPrice: 30 });
  const mixtral = await makeModel({ providerId: inHouse.id, upstreamModel: "mistralai/Mixtral-8x7B-Instruct-v0.1", inPrice: 0.24, outPrice: 0.24 });
  return { cloud, inHouse, gpt4, mixtral };
}

/** The instance-wide judge model (setting accuracy.judgeModel). */
export async function setJudgeModel(name: string) {
  await prisma.setting.upsert({ where: { key: "accuracy.judgeModel" }, create: { key: "accuracy.judgeModel", value: name }, update: { value: name } });
}
