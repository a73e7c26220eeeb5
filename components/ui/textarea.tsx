import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      className={cn(
        "block min-h-20 w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-xs",
        "placeholder:text-muted/70 transition-colors",
        "focus-visible:border-accent focus-visible:ring-3 focus-visible:ring-ring/25 focus-visible:outline-none",
        "aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
