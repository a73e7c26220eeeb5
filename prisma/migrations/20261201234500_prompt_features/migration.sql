-- CreateTable
CREATE TABLE "task_examples" (
    "id" BIGSERIAL NOT NULL,
    "team_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "indices" INTEGER[],
    "values" REAL[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_examples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_examples_team_id_id_idx" ON "task_examples"("team_id", "id");

-- AddForeignKey
ALTER TABLE "task_examples" ADD CONSTRAINT "task_examples_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "quality_examples" (
    "id" BIGSERIAL NOT NULL,
    "team_id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "indices" INTEGER[],
    "values" REAL[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_examples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "quality_examples_team_id_id_idx" ON "quality_examples"("team_id", "id");

-- AddForeignKey
ALTER TABLE "quality_examples" ADD CONSTRAINT "quality_examples_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
