const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** Call time from seconds, as minutes: 5430 → "90.5 min". */
export function formatMinutes(seconds: number): string {
  return `${oneDecimal.format(seconds / 60)} min`;
}

/** A single call's duration: 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Data volume in decimal units, as bills show it: 1_500_000_000 → "1.5 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? integer.format(value) : oneDecimal.format(value)} ${byteUnits[unit]}`;
}

const monthLong = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthOnly = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

function periodDate(period: string): Date | null {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

/** A billing period "2026-03" as "March 2026" (or "Mar 2026" when short). */
export function formatPeriod(period: string, style: 'long' | 'short' | 'month' = 'long'): string {
  const date = periodDate(period);
  if (!date) return period;
  return (style === 'long' ? monthLong : style === 'short' ? monthShort : monthOnly).format(date);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

const dateOnly = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** A timestamp in UK time, as the bill shows it. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/**
 * An E.164 number written as people read it: +447700900123 → "07700 900123". Numbers outside
 * the UK keep their international form, grouped.
 */
export function formatMsisdn(e164: string): string {
  if (/^\+44\d{10}$/.test(e164)) {
    const national = `0${e164.slice(3)}`;
    if (/^07/.test(national)) return `${national.slice(0, 5)} ${national.slice(5)}`;
    if (/^02/.test(national)) return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
    if (/^01\d1/.test(national) || /^011/.test(national))
      return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
    if (/^0[12]/.test(national)) return `${national.slice(0, 5)} ${national.slice(5)}`;
    return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  }
  return e164;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}
