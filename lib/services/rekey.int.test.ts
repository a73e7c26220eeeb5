import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, parseKeyring, seal } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/client";
import { uid } from "@/lib/testing/factories";
import { resealProviderKeys } from "@/lib/services/rekey";

describe("master key rotation", () => {
  it("re-seals provider keys under the newest master key, leaving unreadable rows alone", async () => {
    const k1 = crypto.randomBytes(32).toString("base64");
    const k2 = crypto.randomBytes(32).toString("base64");
    const old = parseKeyring(`v7:${k1}`);
    const sealed = seal("sk-rotate-me-1234", old);
    const p = await prisma.provider.create({ data: { name: uid("rot"), kind: "openai", baseUrl: "https://api.example.com/v1", apiKeyCiphertext: sealed.ciphertext, keyVersion: 7 } });
    const stranger = seal("sk-other", parseKeyring(`v7:${crypto.randomBytes(32).toString("base64")}`));
    const q = await prisma.provider.create({ data: { name: uid("rot"), kind: "openai", baseUrl: "https://api.example.com/v1", apiKeyCiphertext: stranger.ciphertext, keyVersion: 7 } });

    const both = parseKeyring(`v7:${k1},v8:${k2}`);
    const r = await resealProviderKeys(both);
    expect(r.resealed).toBeGreaterThanOrEqual(1);
    expect(r.unreadable).toContain(q.name);
    const row = await prisma.provider.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.keyVersion).toBe(8);
    expect(open(row.apiKeyCiphertext!, 8, parseKeyring(`v8:${k2}`))).toBe("sk-rotate-me-1234");
    expect((await prisma.provider.findUniqueOrThrow({ where: { id: q.id } })).keyVersion).toBe(7);
  });
});
