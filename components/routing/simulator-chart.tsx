"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axisTick, tooltipStyle } from "@/components/charts/chart-frame";
import type { SimPoint, SimulatorChart as Chart } from "@/lib/charts/simulator";

const ROUTER = "#4f46e5";
const RANDOM = "#a1a1aa";
const POLICY = "#d55e00";
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Quality against the share sent to the strong model, exactly as prepared by lib/charts/simulator.ts. */
export function SimulatorChart({ chart, label, formatCost, height = 320 }: { chart: Chart; label: string; formatCost: (v: number | null) => string; height?: number }) {
  return (
    <ChartFrame height={height} label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid stroke="var(--border)" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={pct}
            tick={axisTick}
            tickLine={false}
            axisLine={{ stroke: "var(--border)" }}
            label={{ value: "Share of prompts sent to the strong model", position: "insideBottom", offset: -10, fill: "var(--muted)", fontSize: 12 }}
          />
          <YAxis type="number" dataKey="y" domain={chart.domain} ticks={chart.ticks} allowDataOverflow tick={axisTick} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip cursor={{ stroke: "var(--border-strong)" }} content={({ active, payload }) => (active && payload?.length ? <PointTooltip point={payload[0]!.payload as SimPoint} name={String(payload[0]!.name)} formatCost={formatCost} /> : null)} />
          <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
          <Line data={chart.random} dataKey="y" name="Random router" stroke={RANDOM} strokeDasharray="6 4" strokeWidth={1.5} dot={false} activeDot={false} isAnimationActive={false} />
          <Line data={chart.router} dataKey="y" name="Router (held-out pairs)" stroke={ROUTER} strokeWidth={2} dot={{ r: 2, fill: ROUTER }} activeDot={{ r: 4 }} isAnimationActive={false} />
          {chart.policy && <Scatter data={[chart.policy]} dataKey="y" name="Your tolerance" fill={POLICY} shape="diamond" legendType="diamond" isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function PointTooltip({ point, name, formatCost }: { point: SimPoint; name: string; formatCost: (v: number | null) => string }) {
  return (
    <div style={tooltipStyle} className="px-3 py-2 shadow-md">
      <p className="mb-1 font-medium">{name}</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5 tabular-nums">
        <dt className="text-muted">to strong</dt>
        <dd>{pct(point.x)}</dd>
        <dt className="text-muted">quality</dt>
        <dd>{point.y.toFixed(3)}</dd>
        {point.pgr !== null && (
          <>
            <dt className="text-muted">PGR</dt>
            <dd>{point.pgr.toFixed(2)}</dd>
          </>
        )}
        {point.cost !== null && (
          <>
            <dt className="text-muted">cost</dt>
            <dd>{formatCost(point.cost)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
