"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axisTick, tooltipStyle } from "@/components/charts/chart-frame";
import type { UsagePoint } from "@/lib/charts/spend";

/** Input and output tokens as stacked bars (left axis) and requests as a line (right axis), per bucket. */
export function UsageChart({
  data,
  label,
  formatTokens,
  formatCount,
  onSelect,
  height = 260,
}: {
  data: UsagePoint[];
  label: string;
  formatTokens: (v: number) => string;
  formatCount: (v: number) => string;
  onSelect?: (bucket: string) => void;
  height?: number;
}) {
  const empty = data.every((p) => p.requests === 0);
  return (
    <ChartFrame height={height} label={label} overlay={empty ? "No requests in this range" : undefined}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={data}
          margin={{ top: 8, right: 0, bottom: 0, left: 0 }}
          onClick={
            onSelect
              ? (state) => {
                  const p = data[Number(state.activeIndex)];
                  if (p) onSelect(p.bucket);
                }
              : undefined
          }
        >
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={{ stroke: "var(--border)" }} minTickGap={20} />
          <YAxis yAxisId="tokens" tick={axisTick} tickLine={false} axisLine={false} width={64} tickFormatter={(v: number) => formatTokens(v)} />
          <YAxis yAxisId="requests" orientation="right" tick={axisTick} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => formatCount(v)} />
          <Tooltip cursor={{ fill: "var(--subtle)" }} contentStyle={tooltipStyle} formatter={(v, name) => (name === "Requests" ? formatCount(Number(v)) : formatTokens(Number(v)))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="tokens" dataKey="inputTokens" name="Input tokens" stackId="tokens" fill="#56b4e9" isAnimationActive={false} cursor={onSelect ? "pointer" : undefined} />
          <Bar yAxisId="tokens" dataKey="outputTokens" name="Output tokens" stackId="tokens" fill="#0072b2" isAnimationActive={false} cursor={onSelect ? "pointer" : undefined} />
          <Line yAxisId="requests" dataKey="requests" name="Requests" type="monotone" stroke="#e69f00" strokeWidth={2} dot={data.length <= 2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
