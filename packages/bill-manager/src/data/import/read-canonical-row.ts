import type { CopyTupleWriter } from './copy-tuple-writer.js';
import type { IsoTimeParser } from './iso-time-parser.js';
import type { LineRoute } from './record-copy-rows.js';

export interface CanonicalRowOptions {
  /** Column name → position in the file. */
  readonly header: ReadonlyMap<string, number>;
  readonly width: number;
  readonly writer: CopyTupleWriter;
  readonly time: IsoTimeParser;
  /** The line's route, if the number is a line of that account in this run. */
  readonly routeOf: (msisdn: string, accountNumber: string) => LineRoute | undefined;
  readonly isE164: (value: string) => boolean;
  /** The id of the next record written. */
  readonly nextId: () => number;
}

/** Scans one line at a time, then checks and writes it if it is in canonical form. */
export interface CanonicalRow {
  /** Finds the line starting at `start`: answers the index of its `\n` (or the chunk's end). */
  scan(chunk: Buffer, start: number): number;
  /** The scanned line is empty. */
  readonly blank: boolean;
  /** Where the scanned line's text ends (before any `\r`). */
  readonly lineEnd: number;
  /** Checks the scanned line as canonical and writes its tuple; false sends it to the slow path. */
  write(chunk: Buffer): boolean;
}

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;
const ZERO = 48;
const MINUS = 45;
const PLUS = 43;
const CALLED_NUMBER_CACHE = 200_000;
const WORDS = (words: readonly string[]) => words.map((word) => Buffer.from(word, 'latin1'));
// Codes as in run-summaries: a type's index; a destination's index + 1.
const TYPES = WORDS(['voice', 'sms', 'mms', 'data', 'third_party']);
const DESTINATIONS = WORDS(['mobile', 'landline', 'non_geographic', 'premium', 'international', 'roaming']);
const VOICE = 0;
const DATA = 3;
const THIRD_PARTY = 4;
const FIELD_COUNT = 15;

/**
 * The fast path of the records file: a row of plain ASCII without quotes, E.164 numbers and no
 * padding is checked byte by byte where it lies in the read buffer, and its fields are copied
 * into the COPY tuple without becoming strings — only the numbers are read as text, and only
 * when they differ from the row before. Any doubt sends the row to the slow path, which
 * decides, names what is wrong, or writes the canonical tuple itself.
 */
export function readCanonicalRow(options: CanonicalRowOptions): CanonicalRow {
  const { writer, time, width } = options;
  const starts = new Int32Array(width + 2);
  const ends = new Int32Array(width + 2);
  // A column the file lacks reads as the empty slot at `width`.
  const at = (name: string) => options.header.get(name) ?? width;
  const iAccount = at('account_number');
  const iMsisdn = at('msisdn');
  const iType = at('record_type');
  const iStarted = at('started_at');
  const iCalled = at('called_number');
  const iDestination = at('destination_class');
  const iCountry = at('country');
  const iDuration = at('duration_s');
  const iVolume = at('volume_bytes');
  const iDescription = at('description');
  const iCharge = at('charge_minor');
  const iVat = at('vat_minor');
  let fields = 0;
  let plain = true;
  let lineStart = 0;
  // The previous row's account and number, as bytes: consecutive rows nearly always share them.
  const lastKey = Buffer.alloc(256);
  let lastAccount = -1;
  let lastMsisdn = -1;
  let lastRoute: LineRoute | undefined;
  // Called numbers repeat all through a file. An E.164 number's digits, read as one number
  // (exact: at most 15 digits, no leading zero), find what was decided about it without making
  // a string for each row.
  const calledNumbers = new Map<number, { text: string; valid: boolean }>();

  const state = {
    blank: false,
    lineEnd: 0,
    scan(chunk: Buffer, start: number): number {
      let i = start;
      let field = 0;
      let clean = true;
      let returns = 0;
      const n = chunk.length;
      starts[0] = start;
      for (; i < n; i += 1) {
        const byte = chunk[i] as number;
        if (byte === NEWLINE) break;
        if (byte === COMMA) {
          if (field < width) {
            ends[field] = i;
            starts[field + 1] = i + 1;
          }
          field += 1;
        } else if (byte === QUOTE || byte >= 128) {
          clean = false;
        } else if (byte === RETURN) {
          returns += 1;
        }
      }
      let end = i;
      if (end > start && chunk[end - 1] === RETURN) end -= 1;
      if (field < width) ends[field] = end;
      starts[width] = 0;
      ends[width] = 0;
      fields = field + 1;
      // A \r that ends the line is its line ending; one anywhere else needs the slow path.
      plain = clean && (returns === 0 || (returns === 1 && end + 1 === i));
      lineStart = start;
      state.lineEnd = end;
      state.blank = end === start;
      return i;
    },
    write(chunk: Buffer): boolean {
      if (!plain || fields !== width) return false;
      const route = routeOf(chunk);
      if (!route) return false;
      const type = word(chunk, iType, TYPES);
      if (type < 0 || !time.parse(chunk, starts[iStarted] as number, ends[iStarted] as number)) return false;
      const voice = type === VOICE;
      const cs = starts[iCalled] as number;
      const ce = ends[iCalled] as number;
      let called = '';
      if (ce === cs) {
        if (voice) return false;
      } else {
        const key = e164Key(chunk, cs, ce);
        if (key < 0) return false;
        let number = calledNumbers.get(key);
        if (number === undefined) {
          const text = chunk.toString('latin1', cs, ce);
          number = { text, valid: options.isE164(text) };
          if (calledNumbers.size >= CALLED_NUMBER_CACHE) calledNumbers.clear();
          calledNumbers.set(key, number);
        }
        if (!number.valid) return false;
        called = number.text;
      }
      const noDestination = ends[iDestination] === starts[iDestination];
      const destination = noDestination ? 0 : word(chunk, iDestination, DESTINATIONS) + 1;
      if (noDestination ? voice : destination === 0) return false;
      const cc = starts[iCountry] as number;
      const countryLength = (ends[iCountry] as number) - cc;
      // An empty country takes the called number's: the slow path fills it in.
      if (
        countryLength === 0
          ? called !== ''
          : countryLength !== 2 || !upper(chunk[cc]) || !upper(chunk[cc + 1])
      )
        return false;
      const duration = digits(chunk, iDuration, 9);
      if (duration === -1 ? voice : duration < -1) return false;
      const volume = digits(chunk, iVolume, 15);
      if (volume === -1 ? type === DATA : volume < -1) return false;
      const ds = starts[iDescription] as number;
      const de = ends[iDescription] as number;
      if (de === ds ? type === THIRD_PARTY : de - ds > 200 || space(chunk[ds]) || space(chunk[de - 1]))
        return false;
      const charge = money(chunk, iCharge);
      const vat = money(chunk, iVat);
      if (Number.isNaN(charge) || Number.isNaN(vat)) return false;

      route.tally.add(type, destination, called, Math.max(duration, 0), Math.max(volume, 0), charge, vat);
      writer.reserve(state.lineEnd - lineStart + 256);
      writer.tuple(FIELD_COUNT);
      writer.raw(route.fixed);
      writer.slice(chunk, starts[iMsisdn] as number, ends[iMsisdn] as number);
      writer.slice(chunk, starts[iType] as number, ends[iType] as number);
      writer.timestamp(time.seconds, time.micros);
      writer.slice(chunk, cs, ce);
      writer.slice(chunk, starts[iDestination] as number, ends[iDestination] as number);
      writer.slice(chunk, cc, cc + countryLength);
      if (duration < 0) writer.null();
      else writer.int4(duration);
      if (volume < 0) writer.null();
      else writer.int8(volume);
      writer.slice(chunk, ds, de);
      writer.int8(charge);
      writer.int8(vat);
      writer.int8(options.nextId());
      return true;
    },
  };

  /** The route of the row's line, from the last row's when account and number are the same. */
  function routeOf(chunk: Buffer): LineRoute | undefined {
    const as = starts[iAccount] as number;
    const ae = ends[iAccount] as number;
    const ms = starts[iMsisdn] as number;
    const me = ends[iMsisdn] as number;
    if (ae - as === lastAccount && me - ms === lastMsisdn && lastRoute) {
      let same = true;
      for (let i = 0; i < lastAccount && same; i += 1) same = lastKey[i] === chunk[as + i];
      for (let i = 0; i < lastMsisdn && same; i += 1) same = lastKey[128 + i] === chunk[ms + i];
      if (same) return lastRoute;
    }
    if (ae - as > 64 || me - ms > 64) return undefined;
    const route = options.routeOf(chunk.toString('latin1', ms, me), chunk.toString('latin1', as, ae));
    if (route) {
      chunk.copy(lastKey, 0, as, ae);
      chunk.copy(lastKey, 128, ms, me);
      lastAccount = ae - as;
      lastMsisdn = me - ms;
    }
    lastRoute = route;
    return route;
  }

  /** Which of `words` the field is, or -1. */
  function word(chunk: Buffer, field: number, words: readonly Buffer[]): number {
    const s = starts[field] as number;
    const length = (ends[field] as number) - s;
    for (let w = 0; w < words.length; w += 1) {
      const candidate = words[w] as Buffer;
      if (candidate.length !== length) continue;
      let i = 0;
      while (i < length && candidate[i] === chunk[s + i]) i += 1;
      if (i === length) return w;
    }
    return -1;
  }

  /** An unsigned whole number of at most `max` digits; -1 when empty, -2 when not a number. */
  function digits(chunk: Buffer, field: number, max: number): number {
    const s = starts[field] as number;
    const e = ends[field] as number;
    if (e === s) return -1;
    if (e - s > max) return -2;
    let value = 0;
    for (let i = s; i < e; i += 1) {
      const digit = (chunk[i] as number) - ZERO;
      if (digit < 0 || digit > 9) return -2;
      value = value * 10 + digit;
    }
    return value;
  }

  /** Whole minor units, at most 15 digits, negative for credits; NaN when not that. */
  function money(chunk: Buffer, field: number): number {
    const s = starts[field] as number;
    const negative = chunk[s] === MINUS && ends[field] !== s;
    if (negative) starts[field] = s + 1;
    const value = digits(chunk, field, 15);
    starts[field] = s;
    return value < 0 ? Number.NaN : negative ? -value : value;
  }

  return state;
}

/** `+` and 1–15 digits, the first not 0, as the number they spell; -1 for anything else. */
function e164Key(chunk: Buffer, start: number, end: number): number {
  if (chunk[start] !== PLUS || end - start < 2 || end - start > 16 || chunk[start + 1] === ZERO) return -1;
  let value = 0;
  for (let i = start + 1; i < end; i += 1) {
    const digit = (chunk[i] as number) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function upper(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 65 && byte <= 90;
}

function space(byte: number | undefined): boolean {
  return byte === 32 || (byte !== undefined && byte >= 9 && byte <= 13);
}
