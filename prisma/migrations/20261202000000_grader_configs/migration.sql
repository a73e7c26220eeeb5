-- CreateEnum
CREATE TYPE "GraderKind" AS ENUM ('json', 'regex', 'judge');

-- AlterTable
ALTER TABLE "shadow_configs" ADD COLUMN     "pairwise" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "grader_configs" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "kind" "GraderKind" NOT NULL,
    "definition" JSONB NOT NULL,
    "sample_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "grader_configs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "grader_configs_team_id_name_key" ON "grader_configs"("team_id", "name");

-- AddForeignKey
ALTER TABLE "grader_configs" ADD CONSTRAINT "grader_configs_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: grader configurations are part of the gateway's snapshot, so a change bumps config_version like
-- the other cached tables (see the gateway_config_version migration); every instance reloads within a second.
CREATE TRIGGER "grader_configs_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "grader_configs"
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_bump_config_version();
