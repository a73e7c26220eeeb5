import { inject } from "vitest";

// Runs in every test worker before the test file's imports, so lib/env sees these values.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-not-for-production";
process.env.SWITCHYARD_SECRET_KEY ??= "c3dpdGNoeWFyZC10ZXN0LW1hc3Rlci1rZXktMzJieXQ=";
process.env.SWITCHYARD_LOG_LEVEL ??= "error";
process.env.SWITCHYARD_UPSTREAM_ALLOWLIST ??= "127.0.0.1";
process.env.SWITCHYARD_ADMIN_TOKEN ??= "test-admin-token-0123456789abcdef";
