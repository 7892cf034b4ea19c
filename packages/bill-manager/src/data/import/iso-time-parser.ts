const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const T = 84;
const Z = 90;
/** Days from 0000-03-01 to 2000-01-01 in the proleptic Gregorian calendar (PostgreSQL's). */
const EPOCH_2000 = daysFromCivil(2000, 1, 1);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads the one time form a record may carry — ISO 8601 with a zone, `YYYY-MM-DDTHH:MM[:SS[.f]]`
 * then `Z` or `±HH[:]MM`, at most six fraction digits, a real calendar day, year 0001 or later
 * (PostgreSQL has no year 0) — straight from the file's bytes, into what a `timestamptz` holds:
 * `seconds` since 2000-01-01 UTC and `micros`. Exactly what the server would make of the text.
 * Reused for every row: `parse` answers whether the bytes are such a time and sets the fields.
 */
export class IsoTimeParser {
  seconds = 0;
  micros = 0;

  parse(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length < 17) return false;
    const century = digits2(bytes, start);
    const yy = digits2(bytes, start + 2);
    const month = digits2(bytes, start + 5);
    const day = digits2(bytes, start + 8);
    const hour = digits2(bytes, start + 11);
    const minute = digits2(bytes, start + 14);
    if (
      century < 0 ||
      yy < 0 ||
      bytes[start + 4] !== DASH ||
      bytes[start + 7] !== DASH ||
      bytes[start + 10] !== T ||
      bytes[start + 13] !== COLON ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59
    ) {
      return false;
    }
    const year = century * 100 + yy;
    const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (year === 0 || day > (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0)) return false;
    let i = start + 16;
    let second = 0;
    let micros = 0;
    if (bytes[i] === COLON) {
      second = digits2(bytes, start + 17);
      if (second < 0 || second > 59) return false;
      i += 3;
      if (bytes[i] === DOT) {
        i += 1;
        let scale = 100_000;
        const first = i;
        while (i < end && i - first < 6) {
          const digit = (bytes[i] as number) - ZERO;
          if (digit < 0 || digit > 9) break;
          micros += digit * scale;
          scale /= 10;
          i += 1;
        }
        if (i === first) return false;
      }
    }
    let offset = 0;
    const zone = bytes[i];
    if (zone === Z) {
      i += 1;
    } else if (zone === PLUS || zone === DASH) {
      const hours = digits2(bytes, i + 1);
      const colon = bytes[i + 3] === COLON ? 1 : 0;
      const minutes = digits2(bytes, i + 3 + colon);
      if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return false;
      offset = (zone === PLUS ? 1 : -1) * (hours * 3600 + minutes * 60);
      i += 5 + colon;
    } else {
      return false;
    }
    if (i !== end) return false;
    this.seconds =
      (daysFromCivil(year, month, day) - EPOCH_2000) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    this.micros = micros;
    return true;
  }
}

/** Two decimal digits at `at`, or -1. */
function digits2(bytes: Uint8Array, at: number): number {
  const high = (bytes[at] as number) - ZERO;
  const low = (bytes[at + 1] as number) - ZERO;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** Days since 0000-03-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra;
}
