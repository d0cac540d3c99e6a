// Supply against demand per category (or region) and unit: paired horizontal bars, each row on its own scale since
// rows of different units cannot share one; figures in the row's unit, shortfall called out. Plain SVG.
import type { Gaps } from "../core/api";

type Row = Gaps["byCategory"][number];

/** "1,200 devices", "USD 5,000". */
function amount(value: number, unit: string): string {
  const n = value.toLocaleString("en", { maximumFractionDigits: 1 });
  return /^[A-Z]{3}$/.test(unit) ? `${unit} ${n}` : `${n} ${unit}`;
}

export function SupplyDemandChart({
  rows,
  label,
  nameOf,
}: {
  rows: Row[];
  label: string;
  nameOf: (key: string) => string;
}) {
  // The server orders rows by the share of demand short; that order compares across units, amounts do not.
  const shown = rows.slice(0, 12);
  if (!shown.length) return <p className="muted">Nothing to chart.</p>;
  const rowH = 40;
  const labelW = 118;
  const width = 340;
  const barW = width - labelW - 44;
  return (
    <figure className="chart">
      <svg width="100%" viewBox={`0 0 ${width} ${shown.length * rowH + 22}`} role="img" aria-label={label}>
        <title>{label}</title>
        {shown.map((r, i) => {
          const y = i * rowH;
          const max = Math.max(r.demand, r.supply) || 1;
          const x = (v: number) => (v / max) * barW;
          return (
            <g key={`${r.key}|${r.unit}`} transform={`translate(0 ${y})`}>
              <text x={labelW - 6} y={14} textAnchor="end" className="chart-label">
                {nameOf(r.key).slice(0, 18)}
              </text>
              <text x={labelW - 6} y={26} textAnchor="end" className="chart-label muted">
                {r.unit}
              </text>
              <rect x={labelW} y={3} width={Math.max(1, x(r.demand))} height={9} rx={2} className="bar-demand">
                <title>
                  {`${nameOf(r.key)}: demand ${amount(r.demand, r.unit)} (priority-weighted ${amount(r.weightedDemand, r.unit)}), ` +
                    `supply ${amount(r.supply, r.unit)}, short ${amount(r.shortfall, r.unit)}`}
                </title>
              </rect>
              <rect x={labelW} y={14} width={Math.max(1, x(r.supply))} height={9} rx={2} className="bar-supply" />
              {r.shortfall > 0 && (
                <text x={labelW} y={34} className="chart-short">
                  {amount(r.shortfall, r.unit)} short ({Math.round((r.shortfall / Math.max(r.demand, 1)) * 100)}%)
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
