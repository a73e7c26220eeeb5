import type { Metadata } from "next";
import Link from "next/link";
import { ModelsIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  const actor = await requirePage("models:read", "/models");
  return (
    <>
      <PageHeader title="Models" description="Public model names clients send, the upstream model each maps to, and its price per million tokens." />
      <EmptyState
        icon={<ModelsIcon />}
        title="No models yet"
        description="Add a model from a registered provider and set its input and output prices, so every request can be costed and routed."
        action={
          can(actor.role, "providers:read") && (
            <Link href="/providers" className={buttonStyles({ variant: "secondary" })}>
              Go to Providers
            </Link>
          )
        }
      />
    </>
  );
}
