import type { Metadata } from "next";
import { ProvidersView } from "@/components/providers/providers-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Providers" };

export default async function ProvidersPage() {
  await requirePage("providers:read", "/providers");
  return <ProvidersView />;
}
