-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'finance', 'team_lead', 'viewer');

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('team_lead', 'viewer');

-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('openai', 'anthropic', 'openai-compatible');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('success', 'error', 'incomplete', 'cancelled');

-- CreateEnum
CREATE TYPE "TrafficKind" AS ENUM ('live', 'shadow', 'eval');

-- CreateEnum
CREATE TYPE "BudgetScope" AS ENUM ('team', 'api_key');

-- CreateEnum
CREATE TYPE "BudgetEventKind" AS ENUM ('threshold', 'blocked');

-- CreateEnum
CREATE TYPE "EvaluationSource" AS ENUM ('feedback', 'grader', 'eval_set', 'shadow');

-- CreateEnum
CREATE TYPE "EvalRunStatus" AS ENUM ('queued', 'running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "SwapStatus" AS ENUM ('proposed', 'approved', 'canary', 'completed', 'rejected', 'rolled_back');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled_at" TIMESTAMP(3),
    "last_login_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "cost_center" TEXT,
    "monthly_budget_usd" DECIMAL(14,4),
    "budget_alert_thresholds" INTEGER[] DEFAULT ARRAY[80, 100]::INTEGER[],
    "budget_webhook_url" TEXT,
    "store_bodies" BOOLEAN NOT NULL DEFAULT false,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_members" (
    "team_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL DEFAULT 'viewer',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_members_pkey" PRIMARY KEY ("team_id","user_id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_by_id" TEXT,
    "monthly_budget_usd" DECIMAL(14,4),
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "providers" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key_ciphertext" TEXT,
    "api_key_hint" TEXT,
    "key_version" INTEGER NOT NULL DEFAULT 1,
    "in_house" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "connect_timeout_ms" INTEGER NOT NULL DEFAULT 5000,
    "first_byte_timeout_ms" INTEGER NOT NULL DEFAULT 60000,
    "idle_timeout_ms" INTEGER NOT NULL DEFAULT 30000,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "upstream_model" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "context_window" INTEGER,
    "max_output_tokens" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_prices" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "input_per_mtok_usd" DECIMAL(14,6) NOT NULL,
    "output_per_mtok_usd" DECIMAL(14,6) NOT NULL,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_policies" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "quality_tolerance" DOUBLE PRECISION NOT NULL DEFAULT 0.02,
    "tasks" TEXT[] DEFAULT ARRAY['code', 'math', 'reasoning', 'planning', 'writing', 'extraction', 'chat', 'other']::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "routing_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_rules" (
    "id" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,

    CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_targets" (
    "rule_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "model_id" TEXT NOT NULL,
    "weight" DOUBLE PRECISION,

    CONSTRAINT "routing_targets_pkey" PRIMARY KEY ("rule_id","position")
);

-- CreateTable
CREATE TABLE "team_allowed_models" (
    "team_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,

    CONSTRAINT "team_allowed_models_pkey" PRIMARY KEY ("team_id","model_id")
);

-- CreateTable
CREATE TABLE "request_logs" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "team_id" TEXT NOT NULL,
    "api_key_id" TEXT,
    "kind" "TrafficKind" NOT NULL DEFAULT 'live',
    "endpoint" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "requested_model" TEXT NOT NULL,
    "model_id" TEXT,
    "model_name" TEXT,
    "provider_id" TEXT,
    "provider_name" TEXT,
    "in_house" BOOLEAN NOT NULL DEFAULT false,
    "status" "RequestStatus" NOT NULL,
    "http_status" INTEGER NOT NULL,
    "error_code" TEXT,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "usage_estimated" BOOLEAN NOT NULL DEFAULT false,
    "cost_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL,
    "ttft_ms" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "fallback" BOOLEAN NOT NULL DEFAULT false,
    "route_reason" TEXT,
    "attempt_log" JSONB,
    "user_tag" TEXT,
    "request_body" JSONB,
    "response_body" JSONB,

    CONSTRAINT "request_logs_pkey" PRIMARY KEY ("id","created_at")
);

-- CreateTable
CREATE TABLE "usage_rollups" (
    "bucket" TIMESTAMP(3) NOT NULL,
    "team_id" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "provider_name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "kind" "TrafficKind" NOT NULL DEFAULT 'live',
    "in_house" BOOLEAN NOT NULL DEFAULT false,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_pkey" PRIMARY KEY ("bucket","team_id","model_name","provider_name","task","kind")
);

-- CreateTable
CREATE TABLE "budget_periods" (
    "scope" "BudgetScope" NOT NULL,
    "scope_id" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "team_id" TEXT NOT NULL,
    "spent_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "reserved_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "budget_periods_pkey" PRIMARY KEY ("scope","scope_id","period_start")
);

-- CreateTable
CREATE TABLE "budget_events" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "scope" "BudgetScope" NOT NULL,
    "scope_id" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "kind" "BudgetEventKind" NOT NULL,
    "threshold_pct" INTEGER NOT NULL,
    "spent_usd" DECIMAL(18,9) NOT NULL,
    "limit_usd" DECIMAL(14,4) NOT NULL,
    "webhook_sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evaluations" (
    "id" TEXT NOT NULL,
    "request_id" TEXT,
    "team_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "source" "EvaluationSource" NOT NULL,
    "grader" TEXT,
    "score" DOUBLE PRECISION NOT NULL,
    "label" TEXT,
    "comment" TEXT,
    "eval_run_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_sets" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "team_id" TEXT,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "eval_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_items" (
    "id" TEXT NOT NULL,
    "eval_set_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "reference" TEXT,
    "task" TEXT NOT NULL,
    "grader" TEXT NOT NULL DEFAULT 'exact',

    CONSTRAINT "eval_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_runs" (
    "id" TEXT NOT NULL,
    "eval_set_id" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "status" "EvalRunStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "accuracy" DOUBLE PRECISION,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "eval_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shadow_configs" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "candidate_model" TEXT NOT NULL,
    "sample_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shadow_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "swap_proposals" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "from_model" TEXT NOT NULL,
    "to_model" TEXT NOT NULL,
    "status" "SwapStatus" NOT NULL DEFAULT 'proposed',
    "evidence" JSONB NOT NULL,
    "projected_monthly_savings_usd" DECIMAL(14,4) NOT NULL,
    "realized_savings_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "canary_steps" INTEGER[] DEFAULT ARRAY[5, 25, 50, 100]::INTEGER[],
    "canary_step_index" INTEGER NOT NULL DEFAULT 0,
    "approved_by_id" TEXT,
    "approved_at" TIMESTAMP(3),
    "finance_approved_by_id" TEXT,
    "finance_approved_at" TIMESTAMP(3),
    "decided_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "swap_proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "swap_events" (
    "id" TEXT NOT NULL,
    "proposal_id" TEXT NOT NULL,
    "from_status" "SwapStatus",
    "to_status" "SwapStatus" NOT NULL,
    "actor" TEXT NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "swap_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT,
    "team_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");

-- CreateIndex
CREATE INDEX "team_members_user_id_idx" ON "team_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_team_id_idx" ON "api_keys"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "providers_name_key" ON "providers"("name");

-- CreateIndex
CREATE UNIQUE INDEX "models_name_key" ON "models"("name");

-- CreateIndex
CREATE INDEX "models_provider_id_idx" ON "models"("provider_id");

-- CreateIndex
CREATE UNIQUE INDEX "model_prices_model_id_effective_from_key" ON "model_prices"("model_id", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "routing_policies_team_id_key" ON "routing_policies"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "routing_rules_policy_id_task_key" ON "routing_rules"("policy_id", "task");

-- CreateIndex
CREATE INDEX "routing_targets_model_id_idx" ON "routing_targets"("model_id");

-- CreateIndex
CREATE INDEX "request_logs_team_id_created_at_idx" ON "request_logs"("team_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "request_logs_model_name_created_at_idx" ON "request_logs"("model_name", "created_at");

-- CreateIndex
CREATE INDEX "request_logs_created_at_brin" ON "request_logs" USING BRIN ("created_at" timestamp_minmax_ops);

-- CreateIndex
CREATE INDEX "usage_rollups_team_id_bucket_idx" ON "usage_rollups"("team_id", "bucket");

-- CreateIndex
CREATE INDEX "budget_periods_team_id_idx" ON "budget_periods"("team_id");

-- CreateIndex
CREATE INDEX "budget_events_team_id_created_at_idx" ON "budget_events"("team_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "budget_events_scope_scope_id_period_start_kind_threshold_pc_key" ON "budget_events"("scope", "scope_id", "period_start", "kind", "threshold_pct");

-- CreateIndex
CREATE INDEX "evaluations_team_id_task_model_name_created_at_idx" ON "evaluations"("team_id", "task", "model_name", "created_at");

-- CreateIndex
CREATE INDEX "evaluations_request_id_idx" ON "evaluations"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "eval_sets_name_key" ON "eval_sets"("name");

-- CreateIndex
CREATE UNIQUE INDEX "eval_items_eval_set_id_position_key" ON "eval_items"("eval_set_id", "position");

-- CreateIndex
CREATE INDEX "eval_runs_eval_set_id_idx" ON "eval_runs"("eval_set_id");

-- CreateIndex
CREATE UNIQUE INDEX "shadow_configs_team_id_task_candidate_model_key" ON "shadow_configs"("team_id", "task", "candidate_model");

-- CreateIndex
CREATE INDEX "swap_proposals_team_id_status_idx" ON "swap_proposals"("team_id", "status");

-- CreateIndex
CREATE INDEX "swap_events_proposal_id_created_at_idx" ON "swap_events"("proposal_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_resource_type_created_at_idx" ON "audit_events"("resource_type", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_created_at_idx" ON "audit_events"("actor_id", "created_at");

-- AddForeignKey
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_policies" ADD CONSTRAINT "routing_policies_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "routing_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_targets" ADD CONSTRAINT "routing_targets_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "routing_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_targets" ADD CONSTRAINT "routing_targets_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_allowed_models" ADD CONSTRAINT "team_allowed_models_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_allowed_models" ADD CONSTRAINT "team_allowed_models_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_periods" ADD CONSTRAINT "budget_periods_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_events" ADD CONSTRAINT "budget_events_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_eval_run_id_fkey" FOREIGN KEY ("eval_run_id") REFERENCES "eval_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_items" ADD CONSTRAINT "eval_items_eval_set_id_fkey" FOREIGN KEY ("eval_set_id") REFERENCES "eval_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_eval_set_id_fkey" FOREIGN KEY ("eval_set_id") REFERENCES "eval_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_configs" ADD CONSTRAINT "shadow_configs_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "swap_proposals" ADD CONSTRAINT "swap_proposals_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "swap_events" ADD CONSTRAINT "swap_events_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "swap_proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;
