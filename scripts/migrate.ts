// npm run db:migrate: apply pending migrations to DATABASE_URL, or to the embedded database when it is unset.
import { readEnv } from "@/lib/env";
import { resolveDatabase, safeHost } from "@/lib/db/bootstrap";
import { applyMigrations } from "@/lib/db/schema-engine";

const db = await resolveDatabase(readEnv());
try {
  const applied = await applyMigrations(db.url);
  console.log(applied.length ? `Applied ${applied.join(", ")} to ${safeHost(db.url)}` : `${safeHost(db.url)} is up to date`);
} finally {
  await db.stop();
}
