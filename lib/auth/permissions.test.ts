import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, SCOPES, can, canForTeam } from "@/lib/auth/permissions";

describe("permission table", () => {
  it("gives admin every scope", () => {
    for (const s of SCOPES) expect(can("admin", s)).toBe(true);
  });

  it.each([
    ["finance", "spend:read", true],
    ["finance", "spend:export", true],
    ["finance", "providers:write", false],
    ["finance", "routing:write", false],
    ["finance", "keys:write", false],
    ["finance", "settings:write", false],
    ["team_lead", "keys:write", true],
    ["team_lead", "routing:write", true],
    ["team_lead", "providers:write", false],
    ["team_lead", "audit:read", false],
    ["viewer", "spend:read", true],
    ["viewer", "keys:write", false],
    ["viewer", "routing:write", false],
    ["viewer", "providers:read", false],
  ] as const)("%s %s -> %s", (role, scope, expected) => {
    expect(can(role, scope)).toBe(expected);
  });

  it("gives finance no write scope except the swap co-signature", () => {
    const writes = PERMISSIONS.finance.filter((s) => !s.endsWith(":read") && s !== "spend:export");
    expect(writes).toEqual(["swaps:cosign"]);
  });

  it("refuses anonymous callers", () => {
    expect(can(undefined, "overview:read")).toBe(false);
    expect(canForTeam(null, "spend:read", "t1")).toBe(false);
  });

  it("limits team leads and viewers to their own teams", () => {
    for (const role of ["team_lead", "viewer"] as const) {
      expect(canForTeam({ role, teamIds: ["t1"] }, "spend:read", "t1")).toBe(true);
      expect(canForTeam({ role, teamIds: ["t1"] }, "spend:read", "t2")).toBe(false);
    }
    expect(canForTeam({ role: "finance", teamIds: [] }, "spend:read", "t2")).toBe(true);
    expect(canForTeam({ role: "viewer", teamIds: ["t1"] }, "keys:write", "t1")).toBe(false);
  });

  it("only lists known roles", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });
});
