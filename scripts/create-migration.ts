// npm run db:migration:create -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes the committed migrations to prisma/schema.prisma (offline, through the WASM schema engine).
import fs from "node:fs";
import path from "node:path";
import { readEnv } from "@/lib/env";
import { resolveDatabase } from "@/lib/db/bootstrap";
import { MIGRATIONS_DIR, diffMigrationsToSchema } from "@/lib/db/schema-engine";

const name = (process.argv[2] ?? "change").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
const db = await resolveDatabase(readEnv());
try {
  const sql = await diffMigrationsToSchema(db.url);
  if (!sql) {
    console.log("Schema and migrations already agree: nothing to create.");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`Created ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await db.stop();
}
