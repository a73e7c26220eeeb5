import type { Metadata } from "next";
import Link from "next/link";
import { LockIcon } from "@/components/icons";
import { navItemForPath } from "@/components/layout/nav-items";
import { RoleBadge } from "@/components/layout/role-badge";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getSessionActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "No access" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ForbiddenPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const from = typeof params.from === "string" && params.from.startsWith("/") ? params.from : null;
  const section = from ? navItemForPath(from) : undefined;
  const pageName = section ? `the ${section.label} page` : from ? <code className="font-mono text-[13px] text-fg">{from}</code> : "this page";
  const actor = await getSessionActor();

  return (
    <div className="relative flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="w-full max-w-md">
        <Card className="p-6 text-center sm:p-8">
          <span className="mx-auto flex size-11 items-center justify-center rounded-full bg-warning-soft text-warning" aria-hidden>
            <LockIcon className="size-5" />
          </span>
          <h1 className="mt-4 text-xl font-semibold tracking-tight text-fg">You don&apos;t have access to this page</h1>
          <p className="mt-2 text-sm leading-6 text-muted">
            {actor ? (
              <>
                Your role <RoleBadge role={actor.role} /> does not include permission to view {pageName}.
              </>
            ) : (
              <>Your account does not include permission to view {pageName}.</>
            )}{" "}
            Ask an admin to change your role if you need it.
          </p>
          <div className="mt-6 flex flex-col gap-2 sm:flex-row sm:justify-center">
            <Link href="/" className={buttonStyles()}>
              Back to Overview
            </Link>
            {!actor && (
              <Link href="/login" className={buttonStyles({ variant: "secondary" })}>
                Sign in
              </Link>
            )}
          </div>
        </Card>
      </main>
    </div>
  );
}
