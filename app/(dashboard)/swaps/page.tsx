import type { Metadata } from "next";
import { swapTabFrom } from "@/components/swaps/swap-labels";
import { SwapsView } from "@/components/swaps/swaps-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Swaps" };

export default async function SwapsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("swaps:read", "/swaps");
  const { status } = await searchParams;
  return (
    <>
      <PageHeader title="Swaps" description="Proposals to move a task to a cheaper model that performs as well, with evidence, approvals and canary rollout." />
      <SwapsView initialTab={swapTabFrom(status)} />
    </>
  );
}
