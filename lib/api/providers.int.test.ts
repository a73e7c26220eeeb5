import { describe, expect, it } from "vitest";
import * as providers from "@/app/api/v1/providers/route";
import * as provider from "@/app/api/v1/providers/[providerId]/route";
import { prisma } from "@/lib/db/client";
import { adminToken, call, makeUser } from "@/lib/testing/api";
import { uid } from "@/lib/testing/factories";

describe("providers API", () => {
  it("creates a provider without ever returning its key, and a viewer cannot", async () => {
    const canary = `sk-canary-${uid("k")}`;
    const res = await call(providers.POST, { as: adminToken(), body: { name: uid("prov"), kind: "openai", baseUrl: "https://api.example.com/v1", apiKey: canary } });
    expect(res.status).toBe(201);
    expect(res.text).not.toContain(canary);
    expect(res.body.apiKeyHint).toMatch(/^sk-…/);
    const row = await prisma.provider.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.apiKeyCiphertext).not.toContain(canary);

    const { as } = await makeUser("viewer");
    const denied = await call(providers.POST, { as, body: { name: uid("prov"), kind: "openai", baseUrl: "https://api.example.com/v1" } });
    expect(denied.status).toBe(403);
    const got = await call(provider.GET, { as: adminToken(), params: { providerId: res.body.id } });
    expect(got.body.name).toBe(res.body.name);
  });
});
