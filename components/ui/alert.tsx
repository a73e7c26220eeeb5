import type { ReactNode } from "react";
import { AlertIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";

/** An error announced to screen readers as it appears (role="alert"). Render it only while there is a message. */
export function ErrorAlert({ id, children, className }: { id?: string; children: ReactNode; className?: string }) {
  return (
    <div id={id} role="alert" className={cn("flex gap-2.5 rounded-md border border-danger/30 bg-danger-soft px-3 py-2.5 text-sm text-danger", className)}>
      <AlertIcon className="mt-px size-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
