import { describe, expect, it } from "vitest";
import { PlainHeaders } from "@/lib/gateway/lite-http";

describe("PlainHeaders (the node adapter's request headers)", () => {
  it("reads like Headers: any-case names, repeats joined with ', ', missing -> null", () => {
    const raw = ["Authorization", "Bearer a", "X-Api-Base", "http://evil", "authorization", "Bearer b", "Content-Type", "application/json"];
    const plain = new PlainHeaders(raw);
    const web = new Headers();
    for (let i = 0; i < raw.length; i += 2) web.append(raw[i]!, raw[i + 1]!);
    for (const name of ["authorization", "AUTHORIZATION", "x-api-base", "content-type", "x-missing"]) expect(plain.get(name)).toBe(web.get(name));
    // two Authorization headers are one ambiguous value (a 401), never "the first one wins"
    expect(plain.get("authorization")).toBe("Bearer a, Bearer b");
    expect([...plain.keys()].sort()).toEqual([...web.keys()].sort());
  });
});
