import type { Scope } from "@/lib/auth/permissions";

export type NavIconName = "overview" | "providers" | "models" | "teams" | "routing" | "spend" | "accuracy" | "swaps" | "audit" | "settings";

export type NavItem = { href: string; label: string; scope: Scope; icon: NavIconName };

/** Dashboard sections in sidebar order, each with the scope needed to read it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", scope: "overview:read", icon: "overview" },
  { href: "/providers", label: "Providers", scope: "providers:read", icon: "providers" },
  { href: "/models", label: "Models", scope: "models:read", icon: "models" },
  { href: "/teams", label: "Teams", scope: "teams:read", icon: "teams" },
  { href: "/routing", label: "Routing", scope: "routing:read", icon: "routing" },
  { href: "/spend", label: "Spend", scope: "spend:read", icon: "spend" },
  { href: "/accuracy", label: "Accuracy", scope: "accuracy:read", icon: "accuracy" },
  { href: "/swaps", label: "Swaps", scope: "swaps:read", icon: "swaps" },
  { href: "/audit", label: "Audit", scope: "audit:read", icon: "audit" },
  { href: "/settings", label: "Settings", scope: "settings:read", icon: "settings" },
];

/** The section a path belongs to ("/teams/abc" -> Teams), for naming pages in messages. */
export function navItemForPath(path: string): NavItem | undefined {
  const clean = path.split(/[?#]/)[0] ?? "";
  if (clean === "/") return NAV_ITEMS[0];
  return NAV_ITEMS.find((item) => item.href !== "/" && (clean === item.href || clean.startsWith(`${item.href}/`)));
}

export function isActivePath(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
