import { describe, expect, it } from "vitest";
import { redact } from "@/lib/services/redact";

describe("redact", () => {
  it("removes secrets at any depth and keeps display hints", () => {
    const input = {
      name: "openai",
      apiKey: "sk-canary-123",
      apiKeyHint: "sk-…123",
      nested: { password: "hunter2", headers: [{ Authorization: "Bearer x" }], inputTokens: 5 },
      apiKeyCiphertext: "abc",
      keyHash: "deadbeef",
    };
    const out = redact(input);
    expect(JSON.stringify(out)).not.toMatch(/sk-canary-123|hunter2|Bearer x|deadbeef|"abc"/);
    expect(out.apiKeyHint).toBe("sk-…123");
    expect(out.nested.inputTokens).toBe(5);
    expect(out.name).toBe("openai");
  });
});
