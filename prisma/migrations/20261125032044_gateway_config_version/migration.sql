-- CreateTable
CREATE TABLE "config_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_version_pkey" PRIMARY KEY ("id")
);

-- Hand-written: the single version row and the triggers that bump it (Prisma does not model triggers, so the
-- schema/migration drift check is unaffected).
INSERT INTO "config_version" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION switchyard_bump_config_version() RETURNS trigger AS $$
BEGIN
  UPDATE "config_version" SET "version" = "version" + 1, "updated_at" = now() WHERE "id" = 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['teams', 'providers', 'models', 'model_prices', 'routing_policies', 'routing_rules',
                           'routing_targets', 'team_allowed_models', 'settings', 'shadow_configs', 'swap_proposals']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION switchyard_bump_config_version()', t || '_config_version', t);
  END LOOP;
END $$;

-- api_keys: not on last_used_at, which the gateway itself writes in batches.
CREATE TRIGGER "api_keys_config_version" AFTER INSERT OR DELETE OR TRUNCATE ON "api_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_bump_config_version();
CREATE TRIGGER "api_keys_config_version_update" AFTER UPDATE OF "key_hash", "team_id", "revoked_at", "expires_at", "monthly_budget_usd" ON "api_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_bump_config_version();
