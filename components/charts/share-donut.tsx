"use client";

import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { ChartFrame, tooltipStyle } from "@/components/charts/chart-frame";
import type { ShareSlice } from "@/lib/charts/spend";

/** A donut of prepared slices (lib/charts/spend.ts prepareShare); nothing to share -> a message, not a 0/0 ring. */
export function ShareDonut({ slices, label, formatValue, height = 180 }: { slices: ShareSlice[]; label: string; formatValue: (v: number) => string; height?: number }) {
  return (
    <ChartFrame height={height} label={label} overlay={slices.length === 0 ? "No traffic in this range" : undefined}>
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie data={slices} dataKey="value" nameKey="name" innerRadius="58%" outerRadius="90%" paddingAngle={slices.every((s) => s.value > 0) ? 2 : 0} isAnimationActive={false} stroke="var(--surface)">
            {slices.map((s) => (
              <Cell key={s.name} fill={s.color} />
            ))}
          </Pie>
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatValue(Number(v))} />
        </PieChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
