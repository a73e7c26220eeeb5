import type { Metadata } from "next";
import { ProvidersIcon } from "@/components/icons";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Providers" };

export default async function ProvidersPage() {
  await requirePage("providers:read", "/providers");
  return (
    <>
      <PageHeader title="Providers" description="Upstream LLM services Switchyard routes to, with their credentials and timeouts." />
      <EmptyState
        icon={<ProvidersIcon />}
        title="No providers yet"
        description="Register OpenAI, Anthropic or an in-house OpenAI-compatible server to start routing. API keys are encrypted at rest and only a short hint is ever shown again."
      />
    </>
  );
}
