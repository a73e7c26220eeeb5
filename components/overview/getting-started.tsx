import Link from "next/link";
import type { ReactNode } from "react";
import { ArrowRightIcon, CheckIcon } from "@/components/icons";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

export type ChecklistStep = {
  id: string;
  title: string;
  description: ReactNode;
  done: boolean;
  /** Where the step is done; omitted when the viewer cannot open that section. */
  href?: string;
  linkLabel?: string;
  /** Extra help shown only while the step is open (e.g. a curl example). */
  detail?: ReactNode;
};

/** Setup checklist whose items tick themselves from live counts; each is a read-only checkbox for assistive tech. */
export function GettingStarted({ steps }: { steps: ChecklistStep[] }) {
  const done = steps.filter((s) => s.done).length;
  const pct = Math.round((done / Math.max(steps.length, 1)) * 100);
  return (
    <Card>
      <CardHeader
        title="Getting started"
        description={done === steps.length ? "All set: traffic is flowing through Switchyard." : "Four steps from an empty install to the first routed request."}
        actions={
          <div className="flex items-center gap-3 text-xs text-muted">
            <span className="tabular-nums">
              {done} of {steps.length} done
            </span>
            <div className="h-1.5 w-24 overflow-hidden rounded-full bg-subtle" role="progressbar" aria-label="Setup progress" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
              <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${pct}%` }} />
            </div>
          </div>
        }
      />
      <ol className="divide-y divide-border">
        {steps.map((step, index) => (
          <li key={step.id} data-done={step.done} className="flex gap-4 px-5 py-4">
            <input id={`step-${step.id}`} type="checkbox" checked={step.done} readOnly disabled className="sr-only" />
            <span
              aria-hidden
              className={cn(
                "mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold tabular-nums",
                step.done ? "bg-accent text-accent-fg" : "border border-border-strong text-muted",
              )}
            >
              {step.done ? <CheckIcon className="size-3.5" strokeWidth={2.5} /> : index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
                <label htmlFor={`step-${step.id}`} className={cn("text-sm font-medium", step.done ? "text-muted" : "text-fg")}>
                  {step.title}
                </label>
                {step.href && (
                  <Link href={step.href} className="inline-flex items-center gap-1 rounded text-sm font-medium text-accent-text hover:underline">
                    {step.linkLabel ?? "Open"}
                    <ArrowRightIcon className="size-3.5" />
                  </Link>
                )}
              </div>
              <p className="mt-1 text-sm text-muted">{step.description}</p>
              {!step.done && step.detail && <div className="mt-3">{step.detail}</div>}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
