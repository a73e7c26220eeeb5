import { describe, expect, it } from "vitest";
import { STATEMENT_CSV_COLUMNS } from "@/lib/schemas/spend";
import { toCsv } from "@/lib/services/csv";
import { nanoToUsd, resolveRange, usd, usdToNano } from "@/lib/services/spend";
import { monthRange } from "@/lib/services/statement";

describe("money as exact decimal strings", () => {
  it.each([
    ["0", 0n, "0.000000000"],
    ["0.000000001", 1n, "0.000000001"],
    ["12.3456", 12_345_600_000n, "12.345600000"],
    ["999999999.999999999", 999_999_999_999_999_999n, "999999999.999999999"],
    ["-1.5", -1_500_000_000n, "-1.500000000"],
    [".5", 500_000_000n, "0.500000000"],
    ["7.", 7_000_000_000n, "7.000000000"],
    ["3.100000000000", 3_100_000_000n, "3.100000000"], // trailing zeros beyond 9 decimals are fine
  ])("%s", (text, n, back) => {
    expect(usdToNano(text)).toBe(n);
    expect(nanoToUsd(n)).toBe(back);
    expect(usd(text)).toBe(back);
  });

  it("refuses what it would have to round, and non-numbers", () => {
    expect(() => usdToNano("0.0000000001")).toThrow(/9 decimals/);
    expect(() => usdToNano("abc")).toThrow();
    expect(() => usdToNano("")).toThrow();
    expect(usd(null)).toBe("0.000000000");
  });

  it("sums without floating-point drift where numbers would drift", () => {
    const parts = Array.from({ length: 10 }, () => "0.100000000");
    expect(nanoToUsd(parts.reduce((s, p) => s + usdToNano(p), 0n))).toBe("1.000000000");
    expect(parts.reduce((s, p) => s + Number(p), 0)).not.toBe(1); // what Number() sums would have said
  });
});

describe("ranges", () => {
  const now = new Date("2026-03-10T14:25:00Z");
  it("round out to whole hours and default to the last 7 days", () => {
    expect(resolveRange({}, "day", now)).toEqual({ from: new Date("2026-03-03T15:00:00Z"), to: new Date("2026-03-10T15:00:00Z") });
    expect(resolveRange({ from: new Date("2026-03-01T10:59:59Z"), to: new Date("2026-03-01T11:00:01Z") }, "hour", now)).toEqual({
      from: new Date("2026-03-01T10:00:00Z"),
      to: new Date("2026-03-01T12:00:00Z"),
    });
  });
  it("billing months are UTC calendar months", () => {
    expect(monthRange("2026-12")).toEqual({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") });
    expect(monthRange("2028-02")).toEqual({ from: new Date("2028-02-01T00:00:00Z"), to: new Date("2028-03-01T00:00:00Z") });
  });
});

describe("statement CSV", () => {
  it("has the documented columns, quotes what needs it and defuses formulas", () => {
    const csv = toCsv(STATEMENT_CSV_COLUMNS, [["2026-03", "CC-1", 'Team "A", EU', "=cmd|' /C calc'!A0", "gpt-4.1", "code", 3, 10, 20, "0.000001000"]]);
    const [header, line] = csv.split("\r\n");
    expect(header).toBe("BillingPeriod,CostCenter,Team,Provider,Model,Task,Requests,InputTokens,OutputTokens,CostUSD");
    expect(line).toBe(`2026-03,CC-1,"Team ""A"", EU",'=cmd|' /C calc'!A0,gpt-4.1,code,3,10,20,0.000001000`);
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});
