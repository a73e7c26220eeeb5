import type { Metadata } from "next";
import { AccuracyIcon } from "@/components/icons";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Accuracy" };

export default async function AccuracyPage() {
  await requirePage("accuracy:read", "/accuracy");
  return (
    <>
      <PageHeader title="Accuracy" description="How well each model answers each task, from feedback, graders, eval sets and shadow traffic." />
      <EmptyState
        icon={<AccuracyIcon />}
        title="No accuracy data yet"
        description="Scores arrive from user feedback, graders, eval-set runs and shadow traffic. Run an eval set or mirror a sample of traffic to a candidate model to start comparing."
      />
    </>
  );
}
