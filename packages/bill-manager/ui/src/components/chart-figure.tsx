import { type ReactNode, useId } from 'react';

export interface LegendItem {
  readonly label: string;
  /** 1–6: the chart series colour (`--chart-N`). */
  readonly tone: number;
}

/**
 * A chart with its text alternatives: a one-sentence summary read out in place of the drawing
 * (which is decorative to assistive technology), a legend in text, and the figures as a table.
 */
export function ChartFigure({
  title,
  description,
  summary,
  legend,
  table,
  children,
  tall,
  actions,
}: {
  readonly title: string;
  readonly description?: string;
  readonly summary: string;
  readonly legend?: readonly LegendItem[];
  readonly table: ReactNode;
  readonly children: ReactNode;
  readonly tall?: boolean;
  readonly actions?: ReactNode;
}) {
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {description ? <p>{description}</p> : null}
        </div>
        {actions}
      </div>
      <figure className="chart">
        <div
          className={tall ? 'chart-canvas chart-canvas-tall' : 'chart-canvas'}
          role="img"
          aria-label={summary}
        >
          {children}
        </div>
        {legend && legend.length > 0 ? (
          <figcaption>
            <span className="visually-hidden">Legend: </span>
            <ul className="chart-legend">
              {legend.map((item) => (
                <li key={item.label}>
                  <span className={`swatch swatch-${item.tone}`} aria-hidden="true" />
                  {item.label}
                </li>
              ))}
            </ul>
          </figcaption>
        ) : null}
        <details className="chart-data">
          <summary>Show the figures as a table</summary>
          {table}
        </details>
      </figure>
    </section>
  );
}
