import path from "node:path";
import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";

describe("readEnv", () => {
  it("defaults to zero-config demo mode without DATABASE_URL", () => {
    const e = readEnv({});
    expect(e.demo).toBe(true);
    expect(e.PORT).toBe(3000);
    expect(e.dataDir).toBe(path.resolve(".switchyard"));
    expect(e.oidcEnabled).toBe(false);
  });

  it("turns demo off by default with DATABASE_URL, and honours SWITCHYARD_DEMO", () => {
    expect(readEnv({ DATABASE_URL: "postgresql://x@127.0.0.1/db" }).demo).toBe(false);
    expect(readEnv({ DATABASE_URL: "postgresql://x@127.0.0.1/db", SWITCHYARD_DEMO: "true" }).demo).toBe(true);
    expect(readEnv({ SWITCHYARD_DEMO: "false" }).demo).toBe(false);
  });

  it.each([
    [{ PORT: "70000" }, /PORT/],
    [{ SWITCHYARD_ADMIN_EMAIL: "not-an-email" }, /SWITCHYARD_ADMIN_EMAIL must be an email/],
    [{ SWITCHYARD_ADMIN_PASSWORD: "short" }, /SWITCHYARD_ADMIN_PASSWORD must be at least 8/],
    [{ SWITCHYARD_ADMIN_TOKEN: "tiny" }, /SWITCHYARD_ADMIN_TOKEN must be at least 16/],
  ])("fails fast with one line for %o", (input, message) => {
    expect(() => readEnv(input as Record<string, string>)).toThrow(message);
    try {
      readEnv(input as Record<string, string>);
    } catch (err) {
      expect((err as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("enables OIDC only when issuer, client id and secret are all set", () => {
    expect(readEnv({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "a" }).oidcEnabled).toBe(false);
    expect(readEnv({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" }).oidcEnabled).toBe(true);
  });
});
