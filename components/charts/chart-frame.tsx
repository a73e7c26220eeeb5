import type { ReactNode } from "react";

/** Fixed-height box for a ResponsiveContainer (it needs a sized parent), with an optional message over it. */
export function ChartFrame({ height, label, overlay, children }: { height: number; label: string; overlay?: ReactNode; children: ReactNode }) {
  return (
    <figure aria-label={label} className="relative m-0 w-full" style={{ height }}>
      {children}
      {overlay && <figcaption className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-muted">{overlay}</figcaption>}
    </figure>
  );
}

export const axisTick = { fill: "var(--muted)", fontSize: 12 };
export const tooltipStyle = { background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8, fontSize: 12, color: "var(--fg)" };
