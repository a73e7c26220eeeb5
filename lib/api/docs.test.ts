import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/api/contract";
import { controlPlaneMarkdown } from "@/lib/api/docs";
import { openApiDocument } from "@/lib/api/openapi";

describe("API documentation", () => {
  it("docs/control-plane.md is up to date with the contract (run `npm run docs:api`)", () => {
    const file = path.resolve(import.meta.dirname, "..", "..", "docs", "control-plane.md");
    expect(fs.readFileSync(file, "utf8")).toBe(controlPlaneMarkdown());
  });

  it("the OpenAPI document has every endpoint, with request bodies for writes", () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters: { name: string; in: string }[] }>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const e of ENDPOINTS) {
      const op = doc.paths[e.path]?.[e.method.toLowerCase()];
      expect(op, `${e.method} ${e.path}`).toBeDefined();
      expect(Boolean(op!.requestBody), `${e.method} ${e.path} body`).toBe(Boolean(e.body));
      for (const m of e.path.matchAll(/\{(\w+)\}/g)) expect(op!.parameters.some((p) => p.in === "path" && p.name === m[1])).toBe(true);
    }
    // Write-only secrets never appear in a response schema.
    expect(JSON.stringify(doc.paths["/api/v1/providers"]!.get)).not.toMatch(/"apiKey"|ciphertext/i);
  });
});
