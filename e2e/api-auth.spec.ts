import { test, expect } from "@playwright/test";
import { E2E } from "./env";

test.use({ storageState: { cookies: [], origins: [] } });

test("health reports the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", db: "ok" });
});

test("the JSON API takes the admin token and refuses anonymous or wrong tokens with JSON 401", async ({ request }) => {
  const ok = await request.get("/api/v1/users", { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.data.some((u: { email: string }) => u.email === E2E.admin.email)).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt\$/);

  for (const authorization of [undefined, "Bearer wrong-token-0123456789abcdef", `Bearer ${E2E.adminToken}x`, "Basic abc", "Bearer ' OR '1'='1"]) {
    const res = await request.get("/api/v1/users", { headers: authorization ? { authorization } : {} });
    expect(res.status(), String(authorization)).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  }
});

test("bad input gets a 400 naming the field, and nothing is created", async ({ request }) => {
  const headers = { authorization: `Bearer ${E2E.adminToken}` };
  const bad = await request.post("/api/v1/users", { headers, data: { email: "nope", password: "x".repeat(16), role: "admin" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/^email:/);
  const notJson = await request.post("/api/v1/users", { headers: { ...headers, "content-type": "application/json" }, data: "{oops" });
  expect(notJson.status()).toBe(400);
  const list = await (await request.get("/api/v1/users", { headers })).json();
  expect(list.data.some((u: { email: string }) => u.email === "nope")).toBe(false);
});
