-- CreateTable
CREATE TABLE "budget_leases" (
    "scope" "BudgetScope" NOT NULL,
    "scope_id" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "instance_id" TEXT NOT NULL,
    "amount_usd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_leases_pkey" PRIMARY KEY ("scope","scope_id","period_start","instance_id")
);

-- CreateIndex
CREATE INDEX "budget_leases_expires_at_idx" ON "budget_leases"("expires_at");
