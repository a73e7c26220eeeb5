import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

const numberFormat = new Intl.NumberFormat("en-US");

/** One headline number. With `href` the whole card links to the section that owns the number. */
export function StatCard({ label, value, hint, icon, href }: { label: string; value: number | string; hint?: ReactNode; icon?: ReactNode; href?: string }) {
  const body = (
    <>
      <div className="flex items-center justify-between gap-3">
        <dt className="text-sm font-medium text-muted">{label}</dt>
        {icon && <span className="text-muted [&_svg]:size-4">{icon}</span>}
      </div>
      <dd className="mt-2 text-2xl font-semibold tracking-tight text-fg tabular-nums">{typeof value === "number" ? numberFormat.format(value) : value}</dd>
      {hint && <dd className="mt-1 text-xs text-muted">{hint}</dd>}
    </>
  );
  return (
    <Card className={cn("relative", href && "transition-colors hover:border-border-strong")}>
      <dl className="p-5">{body}</dl>
      {href && (
        <Link href={href} className="absolute inset-0 rounded-xl" aria-label={`View ${label.toLowerCase()}`} />
      )}
    </Card>
  );
}
