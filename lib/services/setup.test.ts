import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { bootstrapAdminFromEnv, createFirstAdmin, isSetupNeeded } from "@/lib/services/setup";

// These tests share one database with the rest of the suite, so they work on unique emails and only assert
// "setup is closed" properties that hold whatever else exists.
const unique = () => `admin-${crypto.randomBytes(4).toString("hex")}@example.test`;

describe("first admin", () => {
  it("bootstraps from env once, never overwriting an existing account", async () => {
    const email = unique();
    expect(await bootstrapAdminFromEnv(email, "first-password-123")).toBe("created");
    expect(await bootstrapAdminFromEnv(email, "second-password-456")).toBe("exists");
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("admin");
    expect(await verifyPassword("first-password-123", user.passwordHash)).toBe(true);
    expect(user.passwordHash).not.toContain("first-password");
    expect(await bootstrapAdminFromEnv(undefined, undefined)).toBe("skipped");
    const audit = await prisma.auditEvent.findFirst({ where: { resourceId: user.id, action: "user.bootstrap" } });
    expect(JSON.stringify(audit?.after)).not.toMatch(/password/i);
  });

  it("closes the setup page once an admin exists, even under concurrent attempts", async () => {
    await bootstrapAdminFromEnv(unique(), "some-admin-password");
    expect(await isSetupNeeded()).toBe(false);
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => createFirstAdmin({ email: unique(), password: "attacker-password-1" })),
    );
    for (const a of attempts) {
      expect(a.status).toBe("rejected");
      expect((a as PromiseRejectedResult).reason.message).toMatch(/already complete/);
    }
  });
});
