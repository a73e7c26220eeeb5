import type { Metadata } from "next";
import { SettingsView } from "@/components/settings/settings-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePage("settings:read", "/settings");
  return <SettingsView />;
}
