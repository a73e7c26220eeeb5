import type { Metadata } from "next";
import { SettingsIcon } from "@/components/icons";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePage("settings:read", "/settings");
  return (
    <>
      <PageHeader title="Settings" description="Instance-wide configuration such as the upstream allowlist and session lifetime." />
      <EmptyState
        icon={<SettingsIcon />}
        title="Using default settings"
        description="No setting has been changed on this instance yet. Admins will be able to edit the upstream allowlist, session lifetime and other instance-wide options here."
      />
    </>
  );
}
