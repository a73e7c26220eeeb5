import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatInt, formatPercent } from "@/components/ui/format";
import type { EvalRun } from "@/lib/queries/eval-sets";
import type { EvalSetOutput } from "@/lib/schemas/eval-sets";

const STATUS_TONE: Record<EvalRun["status"], BadgeTone> = { queued: "neutral", running: "accent", completed: "success", failed: "danger" };

/** The runs of one set, newest first: progress while they run, accuracy with its 95% interval once graded. */
export function EvalRunsTable({ set }: { set: EvalSetOutput }) {
  if (set.runs.length === 0) return <p className="text-sm text-muted">No runs yet. Use Run to measure models on this set.</p>;
  return (
    <table aria-label={`Runs of ${set.name}`} className="w-full text-sm">
      <thead>
        <tr className="text-left text-xs text-muted">
          <th className="py-1.5 pr-4 font-medium">Model</th>
          <th className="py-1.5 pr-4 font-medium">Status</th>
          <th className="py-1.5 pr-4 font-medium">Progress</th>
          <th className="py-1.5 pr-4 font-medium">Accuracy (95% interval)</th>
          <th className="py-1.5 font-medium">Started</th>
        </tr>
      </thead>
      <tbody>
        {set.runs.map((r) => (
          <tr key={r.id} className="border-t border-border">
            <td className="py-2 pr-4 font-medium whitespace-nowrap text-fg">{r.model}</td>
            <td className="py-2 pr-4">
              <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>
            </td>
            <td className="py-2 pr-4">
              <RunProgress run={r} />
            </td>
            <td className="py-2 pr-4 whitespace-nowrap tabular-nums">
              {r.accuracy === null ? (
                <span className="text-muted">—</span>
              ) : (
                <>
                  <span className="font-medium text-fg">{formatPercent(r.accuracy)}</span>
                  {r.ciLow !== null && r.ciHigh !== null && (
                    <span className="ml-1.5 text-xs text-muted">
                      ({formatPercent(r.ciLow)}–{formatPercent(r.ciHigh)})
                    </span>
                  )}
                </>
              )}
            </td>
            <td className="py-2 whitespace-nowrap text-muted">{formatDateTime(r.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunProgress({ run: r }: { run: EvalRun }) {
  const percent = r.total > 0 ? Math.round((r.done / r.total) * 100) : 0;
  const label = `${formatInt(r.done)} / ${formatInt(r.total)}`;
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-label={`Progress of ${r.model}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${label} items`}
        className="h-1.5 w-28 overflow-hidden rounded-full bg-subtle"
      >
        <div className={cn("h-full rounded-full transition-[width]", r.status === "failed" ? "bg-danger" : r.status === "completed" ? "bg-success" : "bg-accent")} style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs whitespace-nowrap text-muted tabular-nums">{label}</span>
    </div>
  );
}
