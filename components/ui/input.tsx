import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        "block h-9 w-full rounded-md border border-border-strong bg-surface px-3 text-sm text-fg shadow-xs",
        "placeholder:text-muted/70 transition-colors",
        "focus-visible:border-accent focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/25",
        "aria-invalid:border-danger aria-invalid:focus-visible:ring-danger/25",
        "disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("block text-sm font-medium text-fg", className)} {...props} />;
}

/** A label, its input and an optional hint, stacked. */
export function Field({ id, label, hint, ...inputProps }: ComponentProps<"input"> & { id: string; label: string; hint?: string }) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input {...inputProps} id={id} aria-describedby={cn(hintId, inputProps["aria-describedby"]) || undefined} />
      {hint && (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      )}
    </div>
  );
}
