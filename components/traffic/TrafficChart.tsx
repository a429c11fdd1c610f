"use client";
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatHourMinute, hourTicks, MINUTE_MS } from "@/lib/traffic/series";

export type ChartLine = { key: string; name: string; color: string; values: number[] };

/**
 * Counts per minute over the window as lines (Recharts: axes, ticks, tooltip and legend come with it, and it draws
 * SVG that the e2e test can read). Ticks on the local hour, every 3 hours.
 */
export function TrafficChart({ title, start, lines }: { title: string; start: number; lines: ChartLine[] }) {
  const minutes = lines[0]?.values.length ?? 0;
  const end = start + (minutes - 1) * MINUTE_MS;
  const data = useMemo(
    () =>
      Array.from({ length: minutes }, (_, i) => {
        const row: Record<string, number> = { t: start + i * MINUTE_MS };
        for (const l of lines) row[l.key] = l.values[i];
        return row;
      }),
    [start, minutes, lines],
  );
  const ticks = useMemo(() => hourTicks(start, end), [start, end]);
  return (
    <figure className="min-w-0" data-testid="traffic-chart" aria-label={title}>
      <figcaption className="mb-1 text-xs font-medium text-slate-500">{title}</figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[start, end]}
            ticks={ticks}
            tickFormatter={formatHourMinute}
            tick={{ fontSize: 10, fill: "#64748b" }}
            stroke="#cbd5e1"
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 10, fill: "#64748b" }} stroke="#cbd5e1" width={44} />
          <Tooltip
            labelFormatter={(t) => `${formatHourMinute(Number(t))} (per minute)`}
            contentStyle={{ fontSize: 12 }}
            isAnimationActive={false}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              stroke={l.color}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              type="linear"
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
