import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { loadDemoData } from "@/lib/demo-upstream/data";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { logWriter } from "@/lib/gateway/log-writer";
import { makeDemoModels, makeModel, makeProvider, makeTeam } from "@/lib/testing/factories";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { serveRoutes } from "@/lib/testing/serve";

let upstream: DemoUpstream;
let app: { url: string; close: () => Promise<void> };
let key: string;
let teamId: string;
let gpt4: string;
let mixtral: string;
let claude: string;

async function rowFor(id: string) {
  await logWriter().flush();
  return prisma.requestLog.findFirst({ where: { id } });
}

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  const demo = await makeDemoModels(upstream.url);
  const an = await makeProvider({ baseUrl: upstream.url, kind: "anthropic" });
  [gpt4, mixtral] = [demo.gpt4.name, demo.mixtral.name];
  claude = (await makeModel({ providerId: an.id, upstreamModel: "claude-sonnet-4-5", inPrice: 3, outPrice: 15 })).name;
  const ids = await prisma.model.findMany({ where: { name: { in: [gpt4, mixtral, claude] } }, select: { id: true, name: true } });
  const id = (n: string) => ids.find((m) => m.name === n)!.id;
  const t = await makeTeam({ rules: { code: [id(gpt4), id(claude)], chat: [id(mixtral), id(gpt4)] }, defaults: [id(mixtral), id(gpt4)] });
  key = t.key;
  teamId = t.team.id;
  await gatewayConfig().load();
  app = await serveRoutes(GATEWAY_ROUTES);
});

afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe("OpenAI SDK against /api/route/v1", () => {
  it("answers non-streaming with the recorded MT-Bench answer and routing headers", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const q = loadDemoData().mtBench[0]!;
    const { data, response } = await client.chat.completions
      .create({ model: gpt4, messages: [{ role: "user", content: q.turns[0] }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe(q.answers.gpt4[0]);
    expect(data.model).toBe(gpt4);
    expect(data.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-switchyard-model")).toBe(gpt4);
    expect(response.headers.get("x-switchyard-fallback")).toBeNull();
    const id = response.headers.get("x-switchyard-request-id")!;
    const row = await rowFor(id);
    expect(row?.status).toBe("success");
    expect(row?.inputTokens).toBe(data.usage!.prompt_tokens);
    expect(row?.outputTokens).toBe(data.usage!.completion_tokens);
    const expected = (data.usage!.prompt_tokens * 10 + data.usage!.completion_tokens * 30) / 1e6;
    expect(Number(row?.costUsd)).toBeCloseTo(expected, 9);
  });

  it("streams, and prices the stream from upstream usage even when the client did not ask for it", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const { data: stream, response } = await client.chat.completions
      .create({ model: "auto", stream: true, messages: [{ role: "user", content: "hello there, how are you today?" }] })
      .withResponse();
    let text = "";
    let sawUsage = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) sawUsage = true;
    }
    expect(text.length).toBeGreaterThan(10);
    expect(sawUsage).toBe(false);
    expect(response.headers.get("x-switchyard-task")).toBe("chat");
    expect(response.headers.get("x-switchyard-model")).toBe(mixtral);
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(row?.stream).toBe(true);
    expect(row?.usageEstimated).toBe(false);
    expect(row?.outputTokens).toBeGreaterThan(0);
    expect(Number(row?.costUsd)).toBeGreaterThan(0);
    expect(upstream.requests.at(-1)!.body).toMatchObject({ stream_options: { include_usage: true }, model: "mistralai/Mixtral-8x7B-Instruct-v0.1" });
  });

  it("passes the usage chunk through when the client asks for it", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const stream = await client.chat.completions.create({ model: gpt4, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Say hi" }] });
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("returns tool calls", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const res = await client.chat.completions.create({
      model: gpt4,
      messages: [{ role: "user", content: "What's the weather in Paris?" }],
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
    });
    const call = res.choices[0]!.message.tool_calls?.[0];
    expect(res.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
  });

  it("reaches an Anthropic model, streaming, through the OpenAI protocol", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const stream = await client.chat.completions.create({ model: claude, stream: true, stream_options: { include_usage: true }, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hello" }] });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe("/v1/messages");
    expect(sent.body).toMatchObject({ system: "Be brief.", model: "claude-sonnet-4-5" });
  });

  it("lists the team's models", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([gpt4, mixtral, claude, "auto"]));
  });
});

describe("Anthropic SDK against /api/route", () => {
  it("answers non-streaming and streaming from an Anthropic provider", async () => {
    const client = new Anthropic({ baseURL: `${app.url}/api/route`, apiKey: key });
    const msg = await client.messages.create({ model: claude, max_tokens: 200, messages: [{ role: "user", content: "Say hello" }] });
    expect(msg.content[0]?.type).toBe("text");
    expect(msg.model).toBe(claude);
    const stream = client.messages.stream({ model: claude, max_tokens: 200, messages: [{ role: "user", content: "Say hello again" }] });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type === "text" && final.content[0].text.length).toBeGreaterThan(0);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it("reaches an OpenAI-style in-house model, streaming with tools", async () => {
    const client = new Anthropic({ baseURL: `${app.url}/api/route`, apiKey: key });
    const stream = client.messages.stream({
      model: mixtral,
      max_tokens: 300,
      tools: [{ name: "lookup", description: "Look up an order", input_schema: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] } }],
      messages: [{ role: "user", content: "Where is my order?" }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    const use = final.content.find((b) => b.type === "tool_use");
    expect(use?.type === "tool_use" && use.name).toBe("lookup");
    expect(use?.type === "tool_use" && use.input).toEqual({ order_id: "example" });
  });
});

describe("streams whose chunks arrive one by one (realistic latency)", () => {
  it("finishes every protocol pair even when trailing chunks translate to nothing", async () => {
    const slow = await startDemoUpstream({ latencyScale: 0.2 });
    try {
      const p = await makeProvider({ baseUrl: `${slow.url}/v1`, kind: "openai_compatible", inHouse: true });
      const m = await makeModel({ providerId: p.id, upstreamModel: "mixtral-slow" });
      const t = await makeTeam({ defaults: [m.id] });
      await gatewayConfig().load();
      const anthropic = new Anthropic({ baseURL: `${app.url}/api/route`, apiKey: t.key });
      const final = await anthropic.messages.stream({ model: m.name, max_tokens: 200, messages: [{ role: "user", content: "Say hello" }] }).finalMessage();
      expect(final.stop_reason).toBe("end_turn");
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      const openai = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: t.key });
      let text = "";
      for await (const c of await openai.chat.completions.create({ model: m.name, stream: true, messages: [{ role: "user", content: "Say hello" }] })) text += c.choices[0]?.delta?.content ?? "";
      expect(text.length).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  }, 20_000);
});

describe("config changes", () => {
  it("reach the running gateway within a second, with no reload call (triggers + version polling)", async () => {
    const p = await makeProvider({ baseUrl: `${upstream.url}/v1` });
    const m = await makeModel({ providerId: p.id, upstreamModel: "gpt-4-1106-preview" });
    const t = await makeTeam({ defaults: [m.id] });
    await gatewayConfig().load();
    const call = () =>
      fetch(`${app.url}/api/route/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: "hi" }] }),
      });
    expect((await call()).status).toBe(200);
    const before = gatewayConfig().current!.version;
    await prisma.apiKey.updateMany({ where: { teamId: t.team.id }, data: { revokedAt: new Date() } });
    const started = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await call()).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2500); // polled every 500 ms; wide margin for a loaded CI machine
    expect(gatewayConfig().current!.version).toBeGreaterThan(before);
  });

  it("does not bump the version for last-used bookkeeping", async () => {
    const v0 = (await prisma.configVersion.findUniqueOrThrow({ where: { id: 1 } })).version;
    await prisma.apiKey.updateMany({ where: { name: "test" }, data: { lastUsedAt: new Date() } });
    const v1 = (await prisma.configVersion.findUniqueOrThrow({ where: { id: 1 } })).version;
    expect(v1).toBe(v0);
  });
});

describe("hostile or odd input", () => {
  it("logs a request whose `user` carries NUL and a lone surrogate, and the requests after it", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const { response } = await client.chat.completions.create({ model: gpt4, user: "a\u0000b\ud800c", messages: [{ role: "user", content: "hi" }] }).withResponse();
    const { response: next } = await client.chat.completions.create({ model: gpt4, messages: [{ role: "user", content: "hi again" }] }).withResponse();
    const row = await rowFor(response.headers.get("x-switchyard-request-id")!);
    expect(row?.userTag).toBe("ab\ufffdc");
    expect(await rowFor(next.headers.get("x-switchyard-request-id")!)).not.toBeNull();
  });

  it("answers 502 upstream_invalid_response (logged) when an upstream's 2xx is not a completion", async () => {
    const http = await import("node:http");
    const bogus = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    await new Promise<void>((r) => bogus.listen(0, "127.0.0.1", r));
    try {
      const port = (bogus.address() as { port: number }).port;
      const p = await makeProvider({ baseUrl: `http://127.0.0.1:${port}`, kind: "anthropic" });
      const m = await makeModel({ providerId: p.id, upstreamModel: "claude-bogus", name: `通义 ${Date.now()}` });
      const t = await makeTeam({ defaults: [m.id] });
      await gatewayConfig().load();
      const res = await fetch(`${app.url}/api/route/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: "hi" }] }),
      });
      expect(res.status).toBe(502);
      expect((await res.json()).error.code).toBe("upstream_invalid_response");
      expect((await rowFor(res.headers.get("x-switchyard-request-id")!))?.errorCode).toBe("upstream_invalid_response");
    } finally {
      bogus.close();
    }
  });

  it("encodes model names that are not Latin-1 in the routing headers", async () => {
    const p = await makeProvider({ baseUrl: `${upstream.url}/v1` });
    const m = await makeModel({ providerId: p.id, upstreamModel: "gpt-4-1106-preview", name: `通义-${Date.now()}` });
    const t = await makeTeam({ defaults: [m.id] });
    await gatewayConfig().load();
    const res = await fetch(`${app.url}/api/route/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: m.name, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get("x-switchyard-model")!)).toBe(m.name);
  });
});

describe("feedback", () => {
  it("records a score on the team's own request and 404s for another team's", async () => {
    const client = new OpenAI({ baseURL: `${app.url}/api/route/v1`, apiKey: key });
    const { response } = await client.chat.completions.create({ model: gpt4, messages: [{ role: "user", content: "Score me" }] }).withResponse();
    const id = response.headers.get("x-switchyard-request-id")!;
    const ok = await fetch(`${app.url}/api/route/v1/feedback`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ request_id: id, score: 0.8, label: "good" }) });
    expect(ok.status).toBe(201);
    const ev = await prisma.evaluation.findFirst({ where: { requestId: id } });
    expect(ev).toMatchObject({ teamId, modelName: gpt4, source: "feedback", score: 0.8 });

    const other = await makeTeam({ defaults: [] });
    await gatewayConfig().load();
    const nope = await fetch(`${app.url}/api/route/v1/feedback`, { method: "POST", headers: { authorization: `Bearer ${other.key}`, "content-type": "application/json" }, body: JSON.stringify({ request_id: id, score: 1 }) });
    expect(nope.status).toBe(404);
    const bad = await fetch(`${app.url}/api/route/v1/feedback`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ request_id: id, score: 2 }) });
    expect(bad.status).toBe(400);
  });
});
