import { describe, expect, it } from "vitest";
import { findForbiddenHeader, findForbiddenParam } from "@/lib/gateway/forbidden-params";

describe("findForbiddenParam", () => {
  it.each([
    [{ model: "x", api_base: "http://evil" }, "api_base"],
    [{ model: "x", BASE_URL: "http://evil" }, "BASE_URL"],
    [{ model: "x", baseURL: "http://evil" }, "baseURL"],
    [{ model: "x", metadata: { nested: { "api-base": "http://evil" } } }, "metadata.nested.api-base"],
    [{ messages: [{ role: "user", content: "hi", extra: [{ Base_Url: "x" }] }] }, "messages[0].extra[0].Base_Url"],
    [{ extra_body: { apiBase: "http://evil" } }, "extra_body.apiBase"],
  ])("finds %o", (body, path) => {
    expect(findForbiddenParam(body)).toBe(path);
  });

  it("lets ordinary requests through, including the words in content", () => {
    expect(findForbiddenParam({ model: "gpt-4", messages: [{ role: "user", content: "what is an api_base?" }], metadata: { task: "chat" } })).toBeNull();
  });
});

describe("findForbiddenHeader", () => {
  it("spots steering headers and ignores normal ones", () => {
    expect(findForbiddenHeader(new Headers({ "x-api-base": "http://evil" }))).toBe("x-api-base");
    expect(findForbiddenHeader(new Headers({ "X-LiteLLM-Base-URL": "http://evil" }))).toBe("x-litellm-base-url");
    expect(findForbiddenHeader(new Headers({ authorization: "Bearer k", "x-switchyard-task": "code" }))).toBeNull();
  });
});

describe("caller data the gateway never reads", () => {
  it("lets tools and tool inputs use argument names like base_url", () => {
    const body = {
      model: "x",
      tools: [{ type: "function", function: { name: "fetch", parameters: { type: "object", properties: { base_url: { type: "string" } } } } }],
      messages: [
        { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "fetch", input: { base_url: "https://example.com" } }] },
        { role: "assistant", tool_calls: [{ id: "c1", type: "function", function: { name: "fetch", arguments: '{"base_url":"x"}' } }] },
      ],
      response_format: { type: "json_schema", json_schema: { name: "r", schema: { properties: { api_base: { type: "string" } } } } },
    };
    expect(findForbiddenParam(body)).toBeNull();
    expect(findForbiddenParam({ ...body, extra: { parameters: { api_base: "x" } }, api_base: "http://evil" })).toBe("api_base");
  });
});
