const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
// Common/combined log format: [10/Jan/2012:13:55:36 +0000]
const CLF = /\[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-])(\d{2})(\d{2}))?\]/;
// ISO 8601 / RFC 3339, with `T` or a space: 2012-01-10T13:55:36.123Z, 2012-01-10 13:55:36+01:00
const ISO = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;
// A JSON epoch field: "ts":1326203736, "time":1326203736.123, "timestamp":1326203736123
const EPOCH = /"(?:ts|time|timestamp|@timestamp)"\s*:\s*(\d{10}(?:\d{3})?)(?:\.(\d+))?/;
// How much of a line is searched: timestamps stand near the start.
const HEAD = 512;

/**
 * The time a log line records, in epoch milliseconds, or `undefined` when the line has none that
 * can be read without guessing (syslog's `Jan 10 13:55:36` has no year, so it is not read). Zones
 * are honoured; a time without one is read as UTC.
 */
export function parseLineTimestamp(buf: Buffer, lineStart: number, limit: number): number | undefined {
  const end = Math.min(limit, lineStart + HEAD);
  const newline = buf.indexOf(0x0a, lineStart);
  const head = buf.toString('latin1', lineStart, newline >= 0 && newline < end ? newline : end);
  return parseTimestampText(head);
}

export function parseTimestampText(text: string): number | undefined {
  const clf = CLF.exec(text);
  if (clf) {
    const month = MONTHS[(clf[2] as string).toLowerCase()];
    if (month === undefined) return undefined;
    const utc = Date.UTC(
      +(clf[3] as string),
      month,
      +(clf[1] as string),
      +(clf[4] as string),
      +(clf[5] as string),
      +(clf[6] as string),
    );
    const offset = clf[7] ? (clf[7] === '-' ? -1 : 1) * (+(clf[8] as string) * 60 + +(clf[9] as string)) : 0;
    return valid(utc - offset * 60_000);
  }
  const iso = ISO.exec(text);
  if (iso) {
    const fraction = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    const utc = Date.UTC(
      +(iso[1] as string),
      +(iso[2] as string) - 1,
      +(iso[3] as string),
      +(iso[4] as string),
      +(iso[5] as string),
      +(iso[6] as string),
      fraction,
    );
    const zone = iso[8];
    let offset = 0;
    if (zone && zone !== 'Z') {
      const digits = zone.replace(':', '');
      offset = (digits[0] === '-' ? -1 : 1) * (+digits.slice(1, 3) * 60 + +digits.slice(3, 5));
    }
    return valid(utc - offset * 60_000);
  }
  const epoch = EPOCH.exec(text);
  if (epoch) {
    const whole = epoch[1] as string;
    return valid(whole.length === 13 ? +whole : +whole * 1000);
  }
  return undefined;
}

// Years outside 1990–2100 are a misread, not a log line.
function valid(ms: number): number | undefined {
  return Number.isFinite(ms) && ms > 631_152_000_000 && ms < 4_102_444_800_000 ? ms : undefined;
}
