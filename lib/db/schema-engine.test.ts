import fs from "node:fs";
import { inject, describe, expect, it } from "vitest";
import pg from "pg";
import { diffMigrationsToSchema, readMigrations, SCHEMA_PATH } from "@/lib/db/schema-engine";

describe("migrations", () => {
  it("agree exactly with prisma/schema.prisma (no drift)", async () => {
    const sql = await diffMigrationsToSchema(inject("databaseUrl"));
    expect(sql, `schema and migrations drifted; run npm run db:migration:create -- <name>:\n${sql}`).toBe("");
  });

  it("detects drift when the schema changes without a migration", async () => {
    const schema = fs.readFileSync(SCHEMA_PATH, "utf8").replace(/model Setting \{/, "model Setting {\n  extra String?");
    const sql = await diffMigrationsToSchema(inject("databaseUrl"), schema);
    expect(sql).toMatch(/ALTER TABLE "settings" ADD COLUMN\s+"extra" TEXT/);
  });

  it("were applied and recorded as `prisma migrate deploy` records them", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name");
      const names = readMigrations().migrationDirectories.map((d) => d.path);
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      for (const r of rows) {
        expect(r.finished_at).not.toBeNull();
        expect(r.rolled_back_at).toBeNull();
      }
    } finally {
      await client.end();
    }
  });
});
