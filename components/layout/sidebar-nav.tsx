"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NavIcon } from "@/components/layout/nav-icon";
import { isActivePath, type NavItem } from "@/components/layout/nav-items";
import { cn } from "@/components/ui/cn";

export type SidebarLink = Pick<NavItem, "href" | "label" | "icon">;

export function SidebarNav({ links, onNavigate }: { links: SidebarLink[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="px-3 py-4">
      <ul className="space-y-0.5">
        {links.map((link) => {
          const active = isActivePath(link.href, pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                onClick={onNavigate}
                className={cn(
                  "group flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                  active ? "bg-accent-soft text-accent-text" : "text-muted hover:bg-subtle hover:text-fg",
                )}
              >
                <NavIcon name={link.icon} className={cn("size-[18px]", active ? "text-accent-text" : "text-muted group-hover:text-fg")} />
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
