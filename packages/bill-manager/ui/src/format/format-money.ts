const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** How many minor units make a major one (GBP 2, JPY 0, BHD 3), from the platform's ISO 4217 data. */
export function minorDigits(currency: string): number {
  return formatter(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Money stored in minor units (pence) shown with its currency: 123456 GBP → "£1,234.56". */
export function formatMoney(minor: number, currency: string): string {
  return formatter(currency, false).format(minor / 10 ** minorDigits(currency));
}

/** Short form for chart axes: 123456 GBP → "£1.2K". */
export function formatMoneyCompact(minor: number, currency: string): string {
  return formatter(currency, true).format(minor / 10 ** minorDigits(currency));
}

/** Major units as a number, for chart scales. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** Parse what someone typed ("12.50", "£1,200") into minor units; null when it is not money. */
export function parseMoneyToMinor(text: string, currency: string): number | null {
  const cleaned = text.replace(/[£$€,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export type ChangeDirection = 'up' | 'down' | 'flat';

export interface Change {
  readonly direction: ChangeDirection;
  /** Rounded percentage text without sign, e.g. "12.4%"; "new" when there was nothing before. */
  readonly percentText: string;
  /** Words for assistive technology: "up 12.4% on February". */
  readonly description: string;
}

/** The change from the previous month to this one. Spend going up is the figure to watch. */
export function describeChange(current: number, previous: number | undefined, previousLabel: string): Change {
  if (previous === undefined)
    return { direction: 'flat', percentText: '–', description: 'no previous month' };
  if (previous === 0) {
    return current === 0
      ? { direction: 'flat', percentText: '0%', description: `unchanged on ${previousLabel}` }
      : { direction: 'up', percentText: 'new', description: `new since ${previousLabel}` };
  }
  const ratio = (current - previous) / Math.abs(previous);
  const percent = Math.abs(ratio * 100);
  const percentText = `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
  if (percent < 0.05)
    return { direction: 'flat', percentText: '0%', description: `unchanged on ${previousLabel}` };
  const direction = ratio > 0 ? 'up' : 'down';
  return { direction, percentText, description: `${direction} ${percentText} on ${previousLabel}` };
}
