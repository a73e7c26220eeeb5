import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { NAV_ITEMS } from "@/components/layout/nav-items";
import { can } from "@/lib/auth/permissions";
import { getSessionActor } from "@/lib/auth/session";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  // Anonymous: no shell. The page's own requirePage() redirects to /login with a callbackUrl for the exact path
  // (a layout cannot see the path, and its own redirect would win and drop the return address). LoginFallback
  // still sends the browser to /login should a page ever skip requirePage().
  if (!actor)
    return (
      <>
        {children}
        <LoginFallback />
      </>
    );
  // Hiding links is convenience only; every page still calls requirePage() for its own scope.
  const links = NAV_ITEMS.filter((item) => can(actor.role, item.scope)).map(({ href, label, icon }) => ({ href, label, icon }));
  return (
    <AppShell user={{ email: actor.email, name: actor.name, role: actor.role }} links={links}>
      {children}
    </AppShell>
  );
}

async function LoginFallback(): Promise<never> {
  redirect("/login");
}
