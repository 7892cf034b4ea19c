import { useId } from 'react';
import { formatPeriod } from '../format/format-usage.js';

/** A choice of billing period, newest first; "" means the latest. */
export function PeriodSelect({
  periods,
  value,
  onChange,
  label = 'Bill period',
  allowAll,
}: {
  readonly periods: readonly string[];
  readonly value: string;
  readonly onChange: (period: string) => void;
  readonly label?: string;
  readonly allowAll?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        {allowAll ? <option value="">{allowAll}</option> : null}
        {periods.map((period) => (
          <option key={period} value={period}>
            {formatPeriod(period)}
          </option>
        ))}
      </select>
    </div>
  );
}
