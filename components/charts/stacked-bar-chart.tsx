"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axisTick, tooltipStyle } from "@/components/charts/chart-frame";
import type { StackedChart } from "@/lib/charts/spend";

/** Stacked bars per bucket, one colour per series, exactly as prepared (lib/charts/spend.ts). A click on a bar
 * segment reports its bucket and series key. */
export function StackedBarChart({
  chart,
  label,
  formatValue,
  formatAxis = formatValue,
  onSelect,
  emptyMessage = "No data in this range",
  height = 300,
}: {
  chart: StackedChart;
  label: string;
  formatValue: (v: number) => string;
  formatAxis?: (v: number) => string;
  onSelect?: (bucket: string, seriesKey: string) => void;
  emptyMessage?: string;
  height?: number;
}) {
  return (
    <ChartFrame height={height} label={label} overlay={chart.total === 0 ? emptyMessage : undefined}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={chart.data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={{ stroke: "var(--border)" }} minTickGap={20} />
          <YAxis tick={axisTick} tickLine={false} axisLine={false} width={72} tickFormatter={(v: number) => formatAxis(v)} />
          <Tooltip cursor={{ fill: "var(--subtle)" }} contentStyle={tooltipStyle} formatter={(v) => formatValue(Number(v))} />
          {chart.series.length > 0 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {chart.series.map((s) => (
            <Bar
              key={s.dataKey}
              dataKey={s.dataKey}
              name={s.label}
              stackId="stack"
              fill={s.color}
              isAnimationActive={false}
              cursor={onSelect ? "pointer" : undefined}
              onClick={onSelect ? (item) => onSelect(String((item.payload as { bucket: string }).bucket), s.key) : undefined}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
