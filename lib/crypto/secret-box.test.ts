import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, parseKeyring, seal, secretHint } from "@/lib/crypto/secret-box";

const k1 = crypto.randomBytes(32).toString("base64");
const k2 = crypto.randomBytes(32).toString("base64");

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = parseKeyring(k1);
    const sealed = seal("sk-canary-secret-1234", ring);
    expect(sealed.ciphertext).not.toContain("canary");
    expect(open(sealed.ciphertext, sealed.keyVersion, ring)).toBe("sk-canary-secret-1234");
  });

  it("rotates: new rows use the newest version, old rows still open", () => {
    const old = seal("old-secret", parseKeyring(`v1:${k1}`));
    const ring = parseKeyring(`v1:${k1},v2:${k2}`);
    const fresh = seal("new-secret", ring);
    expect(fresh.keyVersion).toBe(2);
    expect(open(old.ciphertext, 1, ring)).toBe("old-secret");
    expect(open(fresh.ciphertext, 2, ring)).toBe("new-secret");
  });

  it("rejects tampering and unknown versions", () => {
    const ring = parseKeyring(k1);
    const sealed = seal("secret", ring);
    const parts = sealed.ciphertext.split(".");
    const flipped = Buffer.from(parts[2]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    parts[2] = flipped.toString("base64url");
    expect(() => open(parts.join("."), 1, ring)).toThrow();
    expect(() => open(sealed.ciphertext, 9, ring)).toThrow(/v9/);
  });

  it("hints without revealing", () => {
    expect(secretHint("sk-abcdefghijklmnopa1b2")).toBe("sk-…a1b2");
    expect(secretHint("short")).toBe("…rt");
  });
});
