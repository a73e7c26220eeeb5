import type { Metadata } from "next";
import { ModelsView } from "@/components/models/models-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<{ provider?: string | string[] }> }) {
  await requirePage("models:read", "/models");
  const { provider } = await searchParams;
  return <ModelsView initialProviderId={typeof provider === "string" ? provider : undefined} />;
}
