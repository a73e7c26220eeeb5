import { z, type ZodType } from "zod";
import { ENDPOINTS, errorBody, type Endpoint } from "@/lib/api/contract";

// OpenAPI 3.1 from the endpoint table and its zod schemas (zod 4's own JSON Schema output, which is the
// dialect OpenAPI 3.1 uses). Built once per process.

const json = (schema: ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;

function strip(s: Record<string, unknown>) {
  const { $schema: _drop, ...rest } = s;
  return rest;
}

function queryParams(schema: ZodType | undefined) {
  if (!schema) return [];
  const s = json(schema, "input") as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: "query", required: s.required?.includes(name) ?? false, schema: p, ...(p.description ? { description: p.description } : {}) }));
}

function pathParams(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
}

const ERRORS: Record<string, string> = {
  "400": "Invalid input: `error.message` names the field, `error.details` lists every {path, message}",
  "401": "Not signed in and no valid admin token",
  "403": "The caller's role does not allow this (or the team is not theirs), or a cross-site request",
  "404": "Not found",
  "409": "Duplicate name, or still in use (the message says where)",
  "422": "A business rule refused it (the message says which)",
};

function operation(e: Endpoint) {
  const errorRef = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  const ok: Record<string, unknown> = { description: "OK" };
  if (e.response) ok.content = { "application/json": { schema: strip(json(e.response, "output")) }, ...(e.csv ? { "text/csv": { schema: { type: "string" } } } : {}) };
  return {
    summary: e.summary,
    tags: [e.tag],
    ...(e.scope ? { "x-switchyard-scope": e.scope, security: [{ session: [] }, { adminToken: [] }] } : { security: [] }),
    parameters: [...pathParams(e.path), ...queryParams(e.query)],
    ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: strip(json(e.body, "input")) } } } } : {}),
    responses: {
      [String(e.status ?? 200)]: ok,
      ...(e.scope ? Object.fromEntries(Object.entries(ERRORS).map(([code, description]) => [code, { description, content: errorRef }])) : {}),
    },
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) (paths[e.path] ??= {})[e.method.toLowerCase()] = operation(e);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Switchyard control plane",
      version: "1",
      description:
        "Manage providers, models, teams, keys, routing policies, audit and settings. Authenticate with a browser session " +
        "(mutations must come from the app's own origin) or `Authorization: Bearer $SWITCHYARD_ADMIN_TOKEN` (acts as an admin). " +
        "The data plane (`/api/route/v1/*`, OpenAI- and Anthropic-compatible) is described in docs/api.md.",
    },
    servers: [{ url: "/" }],
    tags: [...new Set(ENDPOINTS.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: strip(json(errorBody, "output")) },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        adminToken: { type: "http", scheme: "bearer", description: "SWITCHYARD_ADMIN_TOKEN" },
      },
    },
  };
  return cached;
}
