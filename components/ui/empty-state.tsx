import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * What an empty list or section is for and what to do next. Stands alone as a dashed card by default;
 * `bare` drops the frame for use inside a table or another card.
 */
export function EmptyState({
  icon,
  title,
  description,
  action,
  bare = false,
  className,
}: {
  icon?: ReactNode;
  title: string;
  description: ReactNode;
  action?: ReactNode;
  bare?: boolean;
  className?: string;
}) {
  return (
    <section
      aria-label={title}
      className={cn(
        "flex flex-col items-center px-6 py-12 text-center",
        !bare && "rounded-xl border border-dashed border-border-strong bg-surface",
        className,
      )}
    >
      {icon && (
        <div className="mb-4 flex size-11 items-center justify-center rounded-lg border border-border bg-subtle text-muted [&_svg]:size-5">
          {icon}
        </div>
      )}
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      <div className="mt-2 max-w-md text-sm leading-6 text-muted">{description}</div>
      {action && <div className="mt-6 flex flex-wrap items-center justify-center gap-3">{action}</div>}
    </section>
  );
}
