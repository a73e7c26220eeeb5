import { cn } from "@/components/ui/cn";

/** Preformatted, horizontally scrollable code (commands, payloads). */
export function CodeBlock({ children, label, className }: { children: string; label?: string; className?: string }) {
  return (
    <pre aria-label={label} className={cn("overflow-x-auto rounded-lg border border-border bg-subtle px-4 py-3 font-mono text-xs leading-5 text-fg", className)}>
      <code>{children}</code>
    </pre>
  );
}
