interface TooltipEntry {
  readonly dataKey?: unknown;
  readonly name?: unknown;
  readonly value?: unknown;
}

/** The hover card for every chart: the category and each series' formatted value. */
export function ChartTooltip({
  active,
  payload,
  label,
  formatLabel,
  formatValue,
}: {
  readonly active?: boolean;
  readonly payload?: readonly TooltipEntry[];
  readonly label?: unknown;
  readonly formatLabel: (label: string) => string;
  readonly formatValue: (value: number) => string;
}) {
  if (!active || !payload || payload.length === 0) return null;
  const items = payload.filter((item) => typeof item.value === 'number' && item.value !== 0);
  return (
    <div className="chart-tooltip">
      <strong>{formatLabel(String(label ?? ''))}</strong>
      <dl>
        {items.map((item) => (
          <div key={String(item.dataKey)} className="chart-tooltip-row">
            <dt>{String(item.name ?? '')}</dt>
            <dd>{formatValue(Number(item.value))}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
