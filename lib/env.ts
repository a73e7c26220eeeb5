import path from "node:path";
import { z } from "zod";

// The only reader of process.env. Values are validated once; a bad value fails fast with a line saying what to fix.
const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["true", "1", "yes"].includes(v)));

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional,
  SWITCHYARD_DATA_DIR: z.string().default("./.switchyard"),
  SWITCHYARD_DEMO: optional,
  SWITCHYARD_ADMIN_EMAIL: optional.pipe(z.email("SWITCHYARD_ADMIN_EMAIL must be an email address").optional()),
  SWITCHYARD_ADMIN_PASSWORD: optional.pipe(
    z.string().min(8, "SWITCHYARD_ADMIN_PASSWORD must be at least 8 characters").optional(),
  ),
  SWITCHYARD_ADMIN_TOKEN: optional.pipe(
    z.string().min(16, "SWITCHYARD_ADMIN_TOKEN must be at least 16 characters").optional(),
  ),
  SWITCHYARD_SECRET_KEY: optional,
  NEXTAUTH_SECRET: optional,
  NEXTAUTH_URL: optional,
  OIDC_ISSUER: optional,
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_NAME: z.string().default("SSO"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
  SWITCHYARD_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  SWITCHYARD_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  SWITCHYARD_SECURE_COOKIES: bool(false),
  SWITCHYARD_UPSTREAM_ALLOWLIST: z.string().default(""),
  SWITCHYARD_GATEWAY_VIA_NEXT: bool(false), // benchmarking only: serve /api/route through Next.js routing
  SWITCHYARD_DEMO_UPSTREAM_PORT: z.coerce.number().int().min(1).max(65535).default(3999),
  SWITCHYARD_DEMO_LATENCY_SCALE: z.coerce.number().min(0).max(10).default(1), // 1 = realistic vendor latency, 0 = none
  // SIGTERM/SIGINT: how long in-flight requests and streams may run to their end before streams are cut (with an
  // SSE error event); the request log flush comes after it.
  SWITCHYARD_DRAIN_SECONDS: z.coerce.number().min(0).max(600).default(7.5),
});

export type Env = z.infer<typeof schema> & { demo: boolean; dataDir: string; oidcEnabled: boolean };

let cached: Env | undefined;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const demoRaw = e.SWITCHYARD_DEMO?.toLowerCase();
  const demo = demoRaw === undefined ? !e.DATABASE_URL : ["true", "1", "yes"].includes(demoRaw);
  return {
    ...e,
    demo,
    dataDir: path.resolve(e.SWITCHYARD_DATA_DIR),
    oidcEnabled: Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET),
  };
}

export function env(): Env {
  cached ??= readEnv();
  return cached;
}
