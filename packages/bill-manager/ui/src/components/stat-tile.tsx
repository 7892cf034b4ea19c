import { type Change, describeChange } from '../format/format-money.js';
import { Icon } from './icons.js';

/** "up 12% on February": red when spend rises, green when it falls. */
export function DeltaBadge({ change }: { readonly change: Change }) {
  return (
    <span className="delta" data-direction={change.direction}>
      {change.direction === 'up' ? <Icon name="arrow-up" className="delta-icon" /> : null}
      {change.direction === 'down' ? <Icon name="arrow-down" className="delta-icon" /> : null}
      <span aria-hidden="true">{change.percentText}</span>
      <span className="visually-hidden">{change.description}</span>
    </span>
  );
}

/** One headline figure, with its change on the previous month when there is one. */
export function StatTile({
  label,
  value,
  current,
  previous,
  previousLabel,
  note,
}: {
  readonly label: string;
  readonly value: string;
  readonly current?: number;
  readonly previous?: number;
  readonly previousLabel?: string;
  readonly note?: string;
}) {
  const change =
    current !== undefined && previous !== undefined && previousLabel
      ? describeChange(current, previous, previousLabel)
      : null;
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        <span className="stat-foot">
          {change ? <DeltaBadge change={change} /> : null}
          {change ? <span aria-hidden="true">vs {previousLabel}</span> : null}
          {note ? <span>{note}</span> : null}
        </span>
      </dd>
    </div>
  );
}
