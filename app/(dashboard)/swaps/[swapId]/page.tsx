import type { Metadata } from "next";
import { SwapDetail } from "@/components/swaps/swap-detail";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Swap proposal" };

export default async function SwapPage({ params }: { params: Promise<{ swapId: string }> }) {
  const { swapId } = await params;
  // Team-scoped roles only see their teams' proposals: the API answers 403/404 for the rest, and the view says so.
  await requirePage("swaps:read", `/swaps/${encodeURIComponent(swapId)}`);
  return <SwapDetail swapId={swapId} />;
}
