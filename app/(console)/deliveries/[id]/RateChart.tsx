import { formatDuration } from "@/lib/format-duration";

/** MT per second over time as an SVG bar chart (no chart library: bars and two axes). */
export function RateChart({ points }: { points: [number, number, number][] }) {
  const W = 720;
  const H = 160;
  const pad = { l: 44, r: 8, t: 8, b: 22 };
  if (points.length === 0) {
    return <p className="py-10 text-center text-sm text-slate-500">No MT sent yet.</p>;
  }
  const t0 = points[0][0];
  const last = points[points.length - 1];
  const t1 = Math.max(last[0] + last[2], t0 + 10);
  const maxRate = Math.max(1, ...points.map((p) => p[1]));
  const niceMax = niceCeil(maxRate);
  const x = (t: number) => pad.l + ((t - t0) / (t1 - t0)) * (W - pad.l - pad.r);
  const y = (r: number) => H - pad.b - (r / niceMax) * (H - pad.t - pad.b);
  // One bar per point (a second, or a wider merged span): a short delivery is a few bars, a pause a gap.
  const bars = points.map(([t, r, w]) => ({
    x: x(t),
    y: y(r),
    width: Math.max(1, x(t + w) - x(t) - 1),
    height: y(0) - y(r),
    t,
    r,
  }));
  const seconds = t1 - t0;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full"
      role="img"
      aria-label={`MT per second over ${seconds} s, peak ${Math.round(maxRate)}`}
    >
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={pad.l} x2={W - pad.r} y1={y(niceMax * f)} y2={y(niceMax * f)} className="stroke-slate-200" strokeWidth={1} />
          <text x={pad.l - 6} y={y(niceMax * f) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
            {Math.round(niceMax * f).toLocaleString("en")}
          </text>
        </g>
      ))}
      {bars.map((b) => (
        <rect key={b.t} x={b.x} y={b.y} width={b.width} height={b.height} className="fill-indigo-500">
          <title>{`${Math.round(b.r).toLocaleString("en")} MT/s`}</title>
        </rect>
      ))}
      <text x={pad.l} y={H - 6} className="fill-slate-500 text-[10px]">
        0 s
      </text>
      <text x={W - pad.r} y={H - 6} textAnchor="end" className="fill-slate-500 text-[10px]">
        {formatDuration(seconds)}
      </text>
    </svg>
  );
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
