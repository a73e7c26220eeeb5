-- AlterTable
ALTER TABLE "task_examples" ADD COLUMN     "uid" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "task_examples_uid_key" ON "task_examples"("uid");
