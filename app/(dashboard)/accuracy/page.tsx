import type { Metadata } from "next";
import { accuracyStateFrom } from "@/components/accuracy/accuracy-state";
import { AccuracyView } from "@/components/accuracy/accuracy-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Accuracy" };

export default async function AccuracyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("accuracy:read", "/accuracy");
  return (
    <>
      <PageHeader title="Accuracy" description="How well each model answers each task, from feedback, graders, eval sets and shadow traffic, with 95% intervals." />
      <AccuracyView initial={accuracyStateFrom(await searchParams)} />
    </>
  );
}
