import { formatInt, formatPercent } from "@/components/ui/format";
import { prepareArmIntervals, type ArmInput } from "@/lib/charts/accuracy";

const COLORS = { incumbent: "#4f46e5", candidate: "#009e73" } as const;

/** Both arms' accuracy as a dot on a shared track with the 95% interval as a bar, and the non-inferiority line
 * (incumbent minus the margin) the candidate is judged against. Positions come from lib/charts/accuracy.ts. */
export function EvidenceIntervals({ incumbent, candidate, margin }: { incumbent: ArmInput; candidate: ArmInput; margin: number }) {
  const plot = prepareArmIntervals([incumbent, candidate], { threshold: incumbent.accuracy - margin });
  const colorOf = (i: number) => (i === 0 ? COLORS.incumbent : COLORS.candidate);
  return (
    <figure aria-label="Accuracy with 95% intervals" className="m-0">
      <div className="grid grid-cols-[minmax(9rem,15rem)_1fr] items-center gap-x-4 gap-y-3">
        {plot.arms.map((a, i) => (
          <div key={a.label} className="contents">
            <div className="min-w-0 text-sm">
              <p className="flex items-center gap-2 font-medium text-fg">
                <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ background: colorOf(i) }} />
                <span className="truncate" title={a.model}>
                  {a.label}
                </span>
              </p>
              <p className="pl-4.5 text-xs text-muted tabular-nums">
                {formatPercent(a.accuracy)} <span className="whitespace-nowrap">({formatPercent(a.ciLow)}–{formatPercent(a.ciHigh)})</span> <span className="whitespace-nowrap">n={formatInt(a.n)}</span>
              </p>
            </div>
            <div className="relative h-8" aria-hidden>
              <div className="absolute inset-x-0 top-1/2 h-px bg-border" />
              <div className="absolute top-1/2 h-2 -translate-y-1/2 rounded-full opacity-35" style={{ left: `${a.low}%`, width: `${Math.max(0.5, a.high - a.low)}%`, background: colorOf(i) }} />
              <div className="absolute top-1/2 size-3 -translate-x-1/2 -translate-y-1/2 rounded-full ring-2 ring-surface" style={{ left: `${a.dot}%`, background: colorOf(i) }} />
              {plot.threshold && <div className="absolute inset-y-0 border-l border-dashed border-danger/70" style={{ left: `${plot.threshold.at}%` }} />}
            </div>
          </div>
        ))}
        <div />
        <div className="relative h-5 text-xs text-muted tabular-nums" aria-hidden>
          {plot.ticks.map((t) => (
            <span key={t.value} className="absolute -translate-x-1/2" style={{ left: `${t.at}%` }}>
              {Math.round(t.value * 100)}%
            </span>
          ))}
        </div>
      </div>
      {plot.threshold && (
        <figcaption className="mt-2 flex items-center gap-2 text-xs text-muted">
          <span aria-hidden className="inline-block h-3 border-l border-dashed border-danger/70" />
          Non-inferiority line: incumbent {formatPercent(incumbent.accuracy)} − {Number((margin * 100).toFixed(1))} pts = {formatPercent(plot.threshold.value)}
        </figcaption>
      )}
    </figure>
  );
}
