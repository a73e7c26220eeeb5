import { z, type ZodType } from "zod";
import { ENDPOINTS } from "@/lib/api/contract";

// docs/control-plane.md is generated from the endpoint table (`npm run docs:api`); a test fails when it is stale.

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; minimum?: number; maximum?: number; format?: string; pattern?: string; const?: unknown };

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map(typeOf).join(" \\| ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  if (s.type === "object" && s.properties) return "object";
  if (Array.isArray(s.type)) return s.type.join(" \\| ");
  return s.format ?? s.type ?? "any";
}

function fields(schema: ZodType, io: "input" | "output"): string {
  const s = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  if (!s.properties) return "";
  return Object.entries(s.properties)
    .map(([name, p]) => `\`${name}${s.required?.includes(name) ? "" : "?"}\`: ${typeOf(p)}`)
    .join(", ");
}

export function controlPlaneMarkdown(): string {
  const lines = [
    "# Control-plane API reference",
    "",
    "<!-- Generated from lib/api/contract.ts by `npm run docs:api`; do not edit by hand. -->",
    "",
    "Machine-readable: `GET /api/v1/openapi.json` (OpenAPI 3.1, generated from the same zod schemas the handlers and",
    "forms use). Authenticate with the browser session (mutations must come from the app's origin: the `Origin`",
    "header is checked) or `Authorization: Bearer $SWITCHYARD_ADMIN_TOKEN`, which acts as an admin.",
    "",
    "Errors are `{error: {code, message, details?, requestId}}`: 400 invalid input (`message` names the field,",
    "`details` lists every `{path, message}`), 401 not signed in, 403 role or team not allowed (or cross-site), 404,",
    "409 duplicate or still in use (the message says where), 422 refused by a business rule. Unknown body fields are",
    "refused (400), so a lower role cannot slip in `role`, `teamId` or budget fields.",
    "",
  ];
  let tag = "";
  for (const e of ENDPOINTS) {
    if (e.tag !== tag) {
      tag = e.tag;
      lines.push(`## ${tag}`, "", "| Method | Path | Scope | What it does | Body | Query |", "|---|---|---|---|---|---|");
    }
    lines.push(
      `| ${e.method} | \`${e.path}\` | ${e.scope ? `\`${e.scope}\`` : "public"} | ${e.summary}${e.status ? ` (→ ${e.status})` : ""} | ${e.body ? fields(e.body, "input") : ""} | ${e.query ? fields(e.query, "input") : ""} |`,
    );
    const next = ENDPOINTS[ENDPOINTS.indexOf(e) + 1];
    if (!next || next.tag !== tag) lines.push("");
  }
  return lines.join("\n");
}
