import type { Metadata } from "next";
import Link from "next/link";
import { accuracyStateFrom } from "@/components/accuracy/accuracy-state";
import { AccuracyView } from "@/components/accuracy/accuracy-view";
import { buttonStyles } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Accuracy" };

export default async function AccuracyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("accuracy:read", "/accuracy");
  return (
    <>
      <PageHeader
        title="Accuracy"
        description="How well each model answers each task, from feedback, graders, eval sets and shadow traffic, with 95% intervals."
        actions={
          <>
            <Link href="/routing/simulator" className={buttonStyles({ variant: "secondary" })}>
              What-if simulator
            </Link>
            <Link href="/accuracy/eval-sets" className={buttonStyles({ variant: "secondary" })}>
              Eval sets
            </Link>
          </>
        }
      />
      <AccuracyView initial={accuracyStateFrom(await searchParams)} />
    </>
  );
}
