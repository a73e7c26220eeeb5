import { describe, expect, it } from "vitest";
import { safeRedirect } from "@/lib/auth/redirect";

const base = "http://switchyard.local:3000";

describe("safeRedirect", () => {
  it.each([
    ["/spend?team=a", `${base}/spend?team=a`],
    [`${base}/teams`, `${base}/teams`],
    ["//evil.com", `${base}/`],
    ["//evil.com/path", `${base}/`],
    ["/\\evil.com", `${base}/`],
    ["https://evil.com", `${base}/`],
    ["https://switchyard.local:3000.evil.com/", `${base}/`],
    ["javascript:alert(1)", `${base}/`],
    ["http://switchyard.local:3001/", `${base}/`],
  ])("%s -> %s", (input, expected) => {
    expect(safeRedirect(input, base)).toBe(expected);
  });
});
