"use client";

import { Area, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axisTick, tooltipStyle } from "@/components/charts/chart-frame";
import { formatInt } from "@/components/ui/format";
import type { AccuracyChart as Chart, AccuracyLine, AccuracyPoint } from "@/lib/charts/accuracy";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Accuracy per model over time, exactly as prepared (lib/charts/accuracy.ts): a line per model, its 95% interval as
 * a shaded band (an error bar on an isolated point), and a gap wherever a bucket had no graded requests. */
export function AccuracyChart({ chart, label, height = 300, emptyMessage = "No graded requests in this range" }: { chart: Chart; label: string; height?: number; emptyMessage?: string }) {
  return (
    <ChartFrame height={height} label={label} overlay={chart.points === 0 ? emptyMessage : undefined}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={chart.data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={{ stroke: "var(--border)" }} minTickGap={20} />
          <YAxis domain={chart.domain} ticks={chart.ticks} allowDataOverflow tick={axisTick} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
          <Tooltip cursor={{ stroke: "var(--border-strong)" }} content={({ active, payload }) => (active && payload?.length ? <PointTooltip point={payload[0]!.payload as AccuracyPoint} lines={chart.lines} /> : null)} />
          {chart.lines.length > 0 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {chart.lines.map((l) => (
            <Area
              key={l.bandKey}
              dataKey={l.bandKey}
              name={`${l.model} (95% interval)`}
              legendType="none"
              stroke="none"
              fill={l.color}
              fillOpacity={0.14}
              connectNulls={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ))}
          {chart.lines.map((l) => (
            <Line key={l.dataKey} dataKey={l.dataKey} name={l.model} stroke={l.color} strokeWidth={2} connectNulls={false} dot={{ r: 2.5, fill: l.color }} activeDot={{ r: 4 }} isAnimationActive={false}>
              <ErrorBar dataKey={l.errorKey} direction="y" width={5} stroke={l.color} strokeWidth={1.5} />
            </Line>
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function PointTooltip({ point, lines }: { point: AccuracyPoint; lines: AccuracyLine[] }) {
  return (
    <div style={tooltipStyle} className="px-3 py-2 shadow-md">
      <p className="mb-1 font-medium">{point.label}</p>
      <ul className="space-y-0.5">
        {lines.map((l) => {
          const acc = point[l.dataKey] as number | null;
          const band = point[l.bandKey] as [number, number] | null;
          return (
            <li key={l.dataKey} className="flex items-center gap-2 tabular-nums">
              <span aria-hidden className="size-2 shrink-0 rounded-full" style={{ background: l.color }} />
              <span className="text-muted">{l.model}</span>
              <span className="ml-auto pl-3">
                {acc === null ? (
                  <span className="text-muted">no graded requests</span>
                ) : (
                  <>
                    {pct(acc)} <span className="text-muted">({band ? `${pct(band[0])}–${pct(band[1])}` : "—"}, n={formatInt(point[l.nKey] as number)})</span>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
