-- CreateTable
CREATE TABLE "usage_rollups_daily" (
    "day" DATE NOT NULL,
    "team_id" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "provider_name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "kind" "TrafficKind" NOT NULL DEFAULT 'live',
    "in_house" BOOLEAN NOT NULL DEFAULT false,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_daily_pkey" PRIMARY KEY ("day","team_id","model_name","provider_name","task","kind")
);

-- CreateIndex
CREATE INDEX "usage_rollups_daily_team_id_day_idx" ON "usage_rollups_daily"("team_id", "day");

-- CreateIndex
CREATE INDEX "request_logs_created_at_id_idx" ON "request_logs"("created_at" DESC, "id" DESC);

-- Hand-written: statement-level triggers keep usage_rollups_daily equal to the daily sums of usage_rollups, in the
-- same transaction as the change (so the log writer's exactly-once guarantee carries over to it). An insert adds
-- the new rows, an update adds new minus old (INSERT ... ON CONFLICT DO UPDATE fires both: inserted rows reach the
-- INSERT trigger, updated rows the UPDATE trigger), a delete subtracts, a truncate empties it. Rows are upserted in
-- key order so concurrent writers take their row locks in one order. Prisma does not model triggers (no drift).
CREATE OR REPLACE FUNCTION switchyard_usage_rollups_daily() RETURNS trigger AS $$
BEGIN
  -- PL/pgSQL plans each statement when first reached: a branch may name a transition table only its event has.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "usage_rollups_daily" AS d ("day", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors",
      "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
    SELECT x."bucket"::date, x."team_id", x."model_name", x."provider_name", x."task", x."kind", bool_or(x."in_house"), sum(x."requests"),
           sum(x."errors"), sum(x."input_tokens"), sum(x."output_tokens"), sum(x."cost_usd"), sum(x."latency_ms_sum")
      FROM (SELECT "bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors", "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum" FROM switchyard_rollup_new) AS x ("bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors", "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("day", "team_id", "model_name", "provider_name", "task", "kind") DO UPDATE SET
      "in_house" = d."in_house" OR EXCLUDED."in_house",
      "requests" = d."requests" + EXCLUDED."requests",
      "errors" = d."errors" + EXCLUDED."errors",
      "input_tokens" = d."input_tokens" + EXCLUDED."input_tokens",
      "output_tokens" = d."output_tokens" + EXCLUDED."output_tokens",
      "cost_usd" = d."cost_usd" + EXCLUDED."cost_usd",
      "latency_ms_sum" = d."latency_ms_sum" + EXCLUDED."latency_ms_sum";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "usage_rollups_daily" AS d ("day", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors",
      "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
    SELECT x."bucket"::date, x."team_id", x."model_name", x."provider_name", x."task", x."kind", bool_or(x."in_house"), sum(x."requests"),
           sum(x."errors"), sum(x."input_tokens"), sum(x."output_tokens"), sum(x."cost_usd"), sum(x."latency_ms_sum")
      FROM (SELECT "bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors", "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum" FROM switchyard_rollup_new
                 UNION ALL SELECT "bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", -"requests", -"errors", -"input_tokens", -"output_tokens", -"cost_usd", -"latency_ms_sum" FROM switchyard_rollup_old) AS x ("bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors", "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("day", "team_id", "model_name", "provider_name", "task", "kind") DO UPDATE SET
      "in_house" = d."in_house" OR EXCLUDED."in_house",
      "requests" = d."requests" + EXCLUDED."requests",
      "errors" = d."errors" + EXCLUDED."errors",
      "input_tokens" = d."input_tokens" + EXCLUDED."input_tokens",
      "output_tokens" = d."output_tokens" + EXCLUDED."output_tokens",
      "cost_usd" = d."cost_usd" + EXCLUDED."cost_usd",
      "latency_ms_sum" = d."latency_ms_sum" + EXCLUDED."latency_ms_sum";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "usage_rollups_daily" AS d ("day", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors",
      "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
    SELECT x."bucket"::date, x."team_id", x."model_name", x."provider_name", x."task", x."kind", bool_or(x."in_house"), sum(x."requests"),
           sum(x."errors"), sum(x."input_tokens"), sum(x."output_tokens"), sum(x."cost_usd"), sum(x."latency_ms_sum")
      FROM (SELECT "bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", -"requests", -"errors", -"input_tokens", -"output_tokens", -"cost_usd", -"latency_ms_sum" FROM switchyard_rollup_old) AS x ("bucket", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors", "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("day", "team_id", "model_name", "provider_name", "task", "kind") DO UPDATE SET
      "in_house" = d."in_house" OR EXCLUDED."in_house",
      "requests" = d."requests" + EXCLUDED."requests",
      "errors" = d."errors" + EXCLUDED."errors",
      "input_tokens" = d."input_tokens" + EXCLUDED."input_tokens",
      "output_tokens" = d."output_tokens" + EXCLUDED."output_tokens",
      "cost_usd" = d."cost_usd" + EXCLUDED."cost_usd",
      "latency_ms_sum" = d."latency_ms_sum" + EXCLUDED."latency_ms_sum";
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION switchyard_usage_rollups_daily_truncate() RETURNS trigger AS $$
BEGIN
  TRUNCATE "usage_rollups_daily";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "usage_rollups_daily_insert" AFTER INSERT ON "usage_rollups"
  REFERENCING NEW TABLE AS switchyard_rollup_new FOR EACH STATEMENT EXECUTE FUNCTION switchyard_usage_rollups_daily();
CREATE TRIGGER "usage_rollups_daily_update" AFTER UPDATE ON "usage_rollups"
  REFERENCING OLD TABLE AS switchyard_rollup_old NEW TABLE AS switchyard_rollup_new FOR EACH STATEMENT EXECUTE FUNCTION switchyard_usage_rollups_daily();
CREATE TRIGGER "usage_rollups_daily_delete" AFTER DELETE ON "usage_rollups"
  REFERENCING OLD TABLE AS switchyard_rollup_old FOR EACH STATEMENT EXECUTE FUNCTION switchyard_usage_rollups_daily();
CREATE TRIGGER "usage_rollups_daily_truncate" AFTER TRUNCATE ON "usage_rollups"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_usage_rollups_daily_truncate();

-- Backfill from the hourly rollups already there.
INSERT INTO "usage_rollups_daily" ("day", "team_id", "model_name", "provider_name", "task", "kind", "in_house", "requests", "errors",
  "input_tokens", "output_tokens", "cost_usd", "latency_ms_sum")
SELECT "bucket"::date, "team_id", "model_name", "provider_name", "task", "kind", bool_or("in_house"), sum("requests"), sum("errors"),
       sum("input_tokens"), sum("output_tokens"), sum("cost_usd"), sum("latency_ms_sum")
  FROM "usage_rollups"
 GROUP BY 1, 2, 3, 4, 5, 6;
