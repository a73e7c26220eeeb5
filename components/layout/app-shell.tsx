"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CloseIcon, LogoIcon, MenuIcon } from "@/components/icons";
import { RoleBadge } from "@/components/layout/role-badge";
import { SidebarNav, type SidebarLink } from "@/components/layout/sidebar-nav";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { cn } from "@/components/ui/cn";
import type { Role } from "@/lib/auth/permissions";

export type ShellUser = { email: string; name: string | null; role: Role };

/** Header + sidebar. At md and up the sidebar is always shown; below md it is a drawer under the header. */
export function AppShell({ user, links, children }: { user: ShellUser; links: SidebarLink[]; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    drawer.current?.querySelector<HTMLElement>("a")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-surface px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>

      <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b border-border bg-surface/85 px-3 backdrop-blur sm:px-4">
        <button
          ref={menuButton}
          type="button"
          onClick={() => setOpen((v) => !v)}
          aria-label={open ? "Close menu" : "Open menu"}
          aria-expanded={open}
          aria-controls="sidebar"
          className="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg md:hidden"
        >
          {open ? <CloseIcon className="size-5" /> : <MenuIcon className="size-5" />}
        </button>
        <Link href="/" className="flex items-center gap-2 rounded-md px-1 text-[15px] font-semibold tracking-tight text-fg">
          <span className="flex size-7 items-center justify-center rounded-md bg-accent text-accent-fg">
            <LogoIcon className="size-4" strokeWidth={2.25} />
          </span>
          Switchyard
        </Link>

        <div className="ml-auto flex min-w-0 items-center gap-1.5 sm:gap-3">
          <ThemeToggle />
          <span className="hidden h-5 w-px bg-border sm:block" aria-hidden />
          <span className="hidden max-w-56 truncate text-sm text-muted sm:block" title={user.name ?? user.email}>
            {user.email}
          </span>
          <RoleBadge role={user.role} />
          <SignOutButton />
        </div>
      </header>

      <div className="md:flex">
        {open && <div className="fixed inset-0 top-14 z-30 bg-zinc-950/40 backdrop-blur-[1px] md:hidden" onClick={() => setOpen(false)} aria-hidden />}
        <aside
          id="sidebar"
          ref={drawer}
          className={cn(
            "fixed top-14 bottom-0 left-0 z-30 flex w-64 flex-col overflow-y-auto border-r border-border bg-surface transition-[translate,visibility] duration-200",
            "md:sticky md:z-auto md:h-[calc(100dvh-3.5rem)] md:w-60 md:shrink-0 md:translate-x-0 md:visible md:bg-canvas",
            open ? "visible translate-x-0 shadow-xl" : "invisible -translate-x-full",
          )}
        >
          <SidebarNav links={links} onNavigate={() => setOpen(false)} />
          {open && (
            <p className="mt-auto truncate border-t border-border px-6 py-4 text-sm text-muted md:hidden">
              Signed in as <span className="text-fg">{user.email}</span>
            </p>
          )}
        </aside>

        <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
