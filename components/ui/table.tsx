import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A data table that scrolls sideways on small screens. Put it in a <Card> for the frame. */
export function Table({ className, children, label, ...props }: ComponentProps<"table"> & { label?: string }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className={cn("w-full border-collapse text-left text-sm", className)} {...props}>
        {children}
      </table>
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-border bg-canvas/60 text-xs text-muted", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-border", className)} {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors hover:bg-subtle/50", className)} {...props} />;
}

export function TH({ className, align, ...props }: ComponentProps<"th"> & { align?: "left" | "right" }) {
  return <th scope="col" className={cn("px-4 py-2.5 font-medium whitespace-nowrap first:pl-5 last:pr-5", align === "right" && "text-right", className)} {...props} />;
}

export function TD({ className, align, ...props }: ComponentProps<"td"> & { align?: "left" | "right" }) {
  return <td className={cn("px-4 py-3 align-middle first:pl-5 last:pr-5", align === "right" && "text-right tabular-nums", className)} {...props} />;
}

/** Grey placeholder rows while the first page loads. */
export function TableLoadingRows({ columns, rows = 3 }: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} aria-hidden>
          {Array.from({ length: columns }, (_, c) => (
            <td key={c} className="px-4 py-3.5 first:pl-5 last:pr-5">
              <div className="h-4 animate-pulse rounded bg-subtle" style={{ width: `${50 + ((r * 7 + c * 13) % 40)}%` }} />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}

/** One full-width row for "nothing here" inside a table body. */
export function TableEmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="px-5 py-10 text-center text-sm text-muted">
        {children}
      </td>
    </tr>
  );
}
