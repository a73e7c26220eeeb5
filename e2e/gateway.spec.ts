import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { test, expect } from "@playwright/test";
import { E2E } from "./env";

// The production server, its demo upstream and the official SDKs, changing nothing but base URL and key.
test.use({ storageState: { cookies: [], origins: [] } });

test("the OpenAI SDK gets routed answers, streamed and not, with routing headers", async () => {
  const client = new OpenAI({ baseURL: `${E2E.baseURL}/api/route/v1`, apiKey: E2E.demoTeamKey() });
  const { data, response } = await client.chat.completions
    .create({ model: "auto", messages: [{ role: "user", content: "Fix this python function: def f(x): return x +" }] })
    .withResponse();
  expect(data.choices[0]!.message.content?.length).toBeGreaterThan(0);
  expect(response.headers.get("x-switchyard-task")).toBe("code");
  expect(response.headers.get("x-switchyard-model")).toBe("gpt-4");
  expect(response.headers.get("x-switchyard-provider")).toBe("OpenAI (demo)");
  expect(response.headers.get("x-switchyard-request-id")).toMatch(/^req_/);

  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Say hello" }] });
  let text = "";
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? "";
    usage ??= chunk.usage;
  }
  expect(text.length).toBeGreaterThan(0);
  expect(usage?.total_tokens).toBeGreaterThan(0);
});

test("the Anthropic SDK streams from an in-house model", async () => {
  const client = new Anthropic({ baseURL: `${E2E.baseURL}/api/route`, apiKey: E2E.demoTeamKey() });
  const final = await client.messages.stream({ model: "mixtral", max_tokens: 256, messages: [{ role: "user", content: "Say hello" }] }).finalMessage();
  expect(final.model).toBe("mixtral-8x7b");
  expect(final.content[0]?.type).toBe("text");
  expect(final.usage.output_tokens).toBeGreaterThan(0);
});

test("a wrong key gets a 401 in the vendor's shape", async ({ request }) => {
  const res = await request.post("/api/route/v1/chat/completions", { headers: { authorization: "Bearer nope" }, data: { model: "auto", messages: [{ role: "user", content: "hi" }] } });
  expect(res.status()).toBe(401);
  const body = await res.json();
  expect(body.error.code).toBe("invalid_api_key");
  expect(body.error.request_id).toMatch(/^req_/);
});
