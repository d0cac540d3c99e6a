// Supply against demand per category: paired horizontal bars on one scale, shortfall called out. Plain SVG.
import type { Gaps } from "../core/api";

type Row = Gaps["byCategory"][number];

export function SupplyDemandChart({
  rows,
  label,
  nameOf,
}: {
  rows: Row[];
  label: string;
  nameOf: (key: string) => string;
}) {
  const shown = [...rows].sort((a, b) => b.shortfall - a.shortfall || b.demand - a.demand).slice(0, 12);
  if (!shown.length) return <p className="muted">Nothing to chart.</p>;
  const max = Math.max(1, ...shown.flatMap((r) => [r.demand, r.supply]));
  const rowH = 30;
  const labelW = 118;
  const width = 340;
  const barW = width - labelW - 44;
  const x = (v: number) => (v / max) * barW;
  return (
    <figure className="chart">
      <svg width="100%" viewBox={`0 0 ${width} ${shown.length * rowH + 22}`} role="img" aria-label={label}>
        <title>{label}</title>
        {shown.map((r, i) => {
          const y = i * rowH;
          return (
            <g key={r.key} transform={`translate(0 ${y})`}>
              <text x={labelW - 6} y={14} textAnchor="end" className="chart-label">
                {nameOf(r.key).slice(0, 18)}
              </text>
              <rect x={labelW} y={3} width={Math.max(1, x(r.demand))} height={9} rx={2} className="bar-demand">
                <title>{`${nameOf(r.key)}: demand ${r.demand}, supply ${r.supply}`}</title>
              </rect>
              <rect x={labelW} y={14} width={Math.max(1, x(r.supply))} height={9} rx={2} className="bar-supply" />
              {r.shortfall > 0 && (
                <text x={labelW + Math.max(x(r.demand), x(r.supply)) + 4} y={14} className="chart-short">
                  −{Math.round((r.shortfall / Math.max(r.demand, 1)) * 100)}%
                </text>
              )}
            </g>
          );
        })}
        <g transform={`translate(${labelW} ${shown.length * rowH + 8})`} className="chart-key">
          <rect width={10} height={8} className="bar-demand" />
          <text x={14} y={8}>
            demand (open needs)
          </text>
          <rect x={130} width={10} height={8} className="bar-supply" />
          <text x={144} y={8}>
            supply (available)
          </text>
        </g>
      </svg>
    </figure>
  );
}
