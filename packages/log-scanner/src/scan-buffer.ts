import {
  isDigit,
  isDigitByte,
  isHex,
  isNumericGlue,
  JOIN,
  loneShortGroup,
  MAX_DIGITS,
  MIN_DIGITS,
  STRIDE,
  skipCompound,
  skipWord,
  startsWith,
  WORD,
  writtenAround,
  writtenStart,
} from './byte-rules.js';
import type { CandidateValidator, ScannedKind } from './candidate-validator.js';
import { createKeyClassifier } from './key-context.js';
import { byStart, createTrackingFinder, type RawHit } from './tracking-headers.js';

/** One identifier found in a buffer: byte offsets `[start, end)` of the text to redact. */
export interface ScanHit {
  readonly kind: ScannedKind;
  readonly value: string;
  /** The header or field that owned it (`x-msisdn`), when the line names one. */
  readonly field: string | undefined;
  readonly start: number;
  readonly end: number;
  /** Newlines between `from` and `start`: the line, counted from the region's first line (0). */
  readonly line: number;
  /** Where that line starts in the buffer (or `from`, for the first line of a region). */
  readonly lineStart: number;
}

export type HitSink = (hit: ScanHit) => void;

/**
 * Scans `buf[from, to)`, which must start at a line start, reports every identifier in order,
 * and returns the number of newlines it passed (line counting rides on the same byte walk).
 */
export type BufferScanner = (buf: Buffer, from: number, to: number, onHit: HitSink) => number;

const PLUS = 0x2b;
const MAX_GROUPS = 7;
const MAX_BACKTRACK = 64;

/**
 * The scanner's hot path. It reads bytes, not decoded text (invalid UTF-8 cannot trip it), and
 * only one byte in `STRIDE`: when that byte is a digit it backs up to the start of the written
 * token around it and runs the tokenizer over it. A digit run shorter than a number, or glued to
 * a word, an IP address, a time, a decimal, a version or a UUID, is skipped whole without
 * building a string; only the rare run that could be a number is cut out and handed to the
 * validator (which caches), with the key that owns it on the same line. Names of tracking-id
 * headers (`X-UIDH`, `x_acr`) are found with native substring search, and lines are counted the
 * same way, so no other byte is touched.
 */
export interface BufferScannerOptions {
  /**
   * Bytes between probes of the hot loop (default `STRIDE`). 1 reads every byte and also finds
   * national numbers written only in short groups (`0770 090 0123`), at about a third of the speed.
   */
  readonly stride?: number;
}

export function createBufferScanner(
  validate: CandidateValidator,
  options: BufferScannerOptions = {},
): BufferScanner {
  const scanner = new Scanner(validate, options.stride ?? STRIDE);
  return (buf, from, to, onHit) => scanner.scan(buf, from, to, onHit);
}

// A class rather than closures: V8 keeps the hot loop's locals in registers and inlines the
// methods, which closures capturing the buffer would prevent (measured: several times slower).
class Scanner {
  private readonly validate: CandidateValidator;
  private readonly keyOf = createKeyClassifier();
  private readonly trackingHits = createTrackingFinder();
  private buf: Buffer = Buffer.alloc(0);
  private from = 0;
  private to = 0;
  private covered = 0;
  private hits: RawHit[] = [];
  private tracking: RawHit[] = [];
  private readonly groupStarts = new Int32Array(MAX_GROUPS);
  private readonly groupEnds = new Int32Array(MAX_GROUPS);

  private readonly home: Buffer;

  private readonly step: number;

  constructor(validate: CandidateValidator, step: number) {
    this.validate = validate;
    this.step = step;
    this.home = Buffer.from(validate.homeCallingCode);
  }

  scan(buf: Buffer, from: number, to: number, onHit: HitSink): number {
    this.buf = buf;
    this.from = from;
    this.to = to;
    this.covered = from;
    const hits: RawHit[] = [];
    const tracking = this.trackingHits(buf, from, to);
    this.hits = hits;
    this.tracking = tracking;
    this.stride(buf, from, to);
    const strideHits = hits.length;
    this.plusNumbers(buf, from, to, hits);
    if (hits.length > strideHits && strideHits > 0) hits.sort(byStart);
    return emit(buf, from, to, mergeHits(hits, tracking), onHit);
  }

  // Its own method, with nothing after the loop: V8 compiles a long loop on the fly (OSR), and
  // code after it in the same function deoptimised on every region (measured).
  private stride(buf: Buffer, from: number, to: number): void {
    const step = this.step;
    // The hot loop: one byte in STRIDE. A landed run too short to be a number on its own is
    // dropped at once unless separators tie it to more digits (`07700 900123`).
    let i = from + step - 1;
    while (i < to) {
      const c = buf[i] as number;
      if (c < 0x30 || c > 0x39) {
        i += step;
        continue;
      }
      let s = i;
      while (s > from && isDigitByte(buf[s - 1] as number)) s--;
      let e = i + 1;
      while (e < to && isDigitByte(buf[e] as number)) e++;
      const n = e - s;
      if (n < step || (n < MIN_DIGITS && buf[s] !== 0x30 && !writtenAround(buf, s, e, from, to))) {
        i = e + step;
        continue;
      }
      let b = s;
      const floor = Math.max(from, s - MAX_BACKTRACK, this.covered);
      while (b > floor) {
        const p = buf[b - 1] as number;
        if (isDigitByte(p) || JOIN[p] === 1 || p === 0x2b) b--;
        else break;
      }
      // A short run counts only inside a written number, which starts with `+`, `(` or a `0`
      // group (`200 71218`, a status and a size, is not one): skip it without tokenizing.
      if (n < MIN_DIGITS && buf[s] !== 0x30 && !writtenStart(buf, b, s, from)) {
        i = e + step;
        continue;
      }
      i = this.tokenize(b, e) + step - 1;
    }
  }

  /** Numbers written with `+` whatever their grouping (`+44 7700 900 123`), found by native search. */
  private plusNumbers(buf: Buffer, from: number, to: number, hits: RawHit[]): void {
    const region = from === 0 && to === buf.length ? buf : buf.subarray(from, to);
    const strideHits = hits.length;
    let h = 0;
    let q = region.indexOf(PLUS);
    while (q >= 0) {
      const p = from + q;
      if (isDigit(buf[p + 1]) && !loneShortGroup(buf, p + 1, to, this.step)) {
        while (h < strideHits && (hits[h] as RawHit).end <= p) h++;
        if (h >= strideHits || (hits[h] as RawHit).start > p) {
          this.covered = p;
          const end = this.tokenize(p, p + 2);
          q = end - from;
        }
      }
      q = region.indexOf(PLUS, q + 1);
    }
  }

  private candidate(start: number, end: number, encodedPlus: boolean, compact = false): boolean {
    if (start < this.covered) return false;
    for (const t of this.tracking) if (t.start < end && start < t.end) return false;
    const buf = this.buf;
    const context = this.keyOf(buf, start, this.from);
    // Most candidates in a real log are ids, epochs and sizes: refuse them from the bytes, before
    // any string is made (the validator applies the same rule; this only makes it cheap).
    if (compact && !encodedPlus && context.type !== 'identity') {
      if (context.type === 'other' || (end - start !== 15 && !startsWith(buf, start, this.home)))
        return false;
    }
    const raw = buf.toString('latin1', start, end);
    const text = encodedPlus ? `+${raw.slice(3)}` : raw;
    const found = this.validate(text, context);
    if (!found) return false;
    this.hits.push({
      kind: found.kind,
      value: found.value,
      field: context.field,
      start,
      end,
      line: 0,
      lineStart: 0,
    });
    this.covered = end;
    return true;
  }

  // The tokenizer: from `i` (a token start) until past `stop`. Its decisions depend only on the
  // bytes around each digit run, so starting it anywhere a token may start gives the same result
  // as running it over every byte.
  private tokenize(i: number, stop: number): number {
    const buf = this.buf;
    while (i < stop) {
      if (!isDigit(buf[i])) i++;
      else i = this.digitRun(i);
    }
    return i;
  }

  private digitRun(s: number): number {
    const buf = this.buf;
    const from = this.from;
    const to = this.to;
    let e = s + 1;
    while (e < to && isDigit(buf[e])) e++;
    const prev = s > from ? (buf[s - 1] as number) : 0x0a;
    let encodedPlus = false;
    if (WORD[prev] === 1) {
      // `%2B447700900123`, `msisdn%3D447700900123`: URL encoding is a boundary, `%2B` a plus.
      if (s - 3 >= from && buf[s - 3] === 0x25 && isHex(buf[s - 2]) && isHex(prev)) {
        encodedPlus = buf[s - 2] === 0x32 && (prev | 0x20) === 0x62;
      } else {
        return skipWord(buf, e, to);
      }
    } else if (
      ((prev === 0x2d || prev === 0x2e) && s - 2 >= from && WORD[buf[s - 2] as number] === 1) ||
      (isNumericGlue(prev) && isDigit(buf[s - 2]))
    ) {
      return skipCompound(buf, e, to); // the tail of a UUID, an IP address, a date, a version
    }
    const plus = encodedPlus || prev === 0x2b;
    if (!plus && prev !== 0x28 && buf[s] !== 0x30) {
      if (e - s < MIN_DIGITS) return skipCompound(buf, e, to);
      const next = buf[e];
      if (next !== undefined && WORD[next] === 1) return skipWord(buf, e, to);
      if (isNumericGlue(next) && isDigit(buf[e + 1])) return skipCompound(buf, e, to);
      if (e - s <= MAX_DIGITS) this.candidate(encodedPlus ? s - 3 : s, e, encodedPlus, true);
      return e;
    }
    // A written number: digit groups with separators, `+44 (0)7700 900123`, `07700-900-123`.
    const starts = this.groupStarts;
    const ends = this.groupEnds;
    starts[0] = s;
    ends[0] = e;
    let groups = 1;
    let singleDigitGroup = e - s === 1;
    while (groups < MAX_GROUPS) {
      let k = ends[groups - 1] as number;
      let joiners = 0;
      let dot = false;
      while (k < to && joiners < 3 && JOIN[buf[k] as number] === 1) {
        if (buf[k] === 0x2e) dot = true;
        k++;
        joiners++;
      }
      if (joiners === 0 || !isDigit(buf[k])) break;
      if (dot && singleDigitGroup && !plus) break; // `0.123456789`: a decimal
      let m = k + 1;
      while (m < to && isDigit(buf[m])) m++;
      singleDigitGroup = m - k === 1;
      starts[groups] = k;
      ends[groups] = m;
      groups++;
    }
    const end = ends[groups - 1] as number;
    const next = buf[end];
    if (next !== undefined && WORD[next] === 1) return skipWord(buf, end, to);
    if (isNumericGlue(next) && isDigit(buf[end + 1])) return skipCompound(buf, end, to);
    const first = encodedPlus ? s - 3 : plus || prev === 0x28 ? s - 1 : s;
    // The longest run of groups from the left that is a number, then again after it: the
    // groups may be several fields (`0 447700900123`, `+44 7700 900126 07700 900127`). With every
    // group shorter than STRIDE the stride could miss it, so it is never reported (unless it
    // starts with `+`, which native search finds): a scan finds the same numbers wherever its
    // chunks start.
    let g = 0;
    while (g < groups) {
      let matched = -1;
      for (let j = groups - 1; j >= g && matched < 0; j--) {
        let digits = 0;
        let longest = 0;
        for (let k = g; k <= j; k++) {
          const n = (ends[k] as number) - (starts[k] as number);
          digits += n;
          if (n > longest) longest = n;
        }
        if (digits < MIN_DIGITS || digits > MAX_DIGITS || (longest < this.step && !(plus && g === 0)))
          continue;
        const start = g === 0 ? first : (starts[g] as number);
        if (this.candidate(start, ends[j] as number, encodedPlus && g === 0)) matched = j;
      }
      g = matched >= 0 ? matched + 1 : g + 1;
    }
    return end;
  }
}

function mergeHits(digits: RawHit[], tracking: RawHit[]): RawHit[] {
  if (tracking.length === 0) return digits;
  if (digits.length === 0) return tracking;
  return [...digits, ...tracking].sort(byStart);
}

/**
 * Gives each hit its line (newlines since `from`) and that line's start, counting newlines with
 * native search, and returns the region's newline count.
 */
function emit(buf: Buffer, from: number, to: number, hits: RawHit[], onHit: HitSink): number {
  let line = 0;
  let lineStart = from;
  let nl = buf.indexOf(0x0a, from);
  for (const hit of hits) {
    while (nl >= 0 && nl < hit.start) {
      line++;
      lineStart = nl + 1;
      nl = buf.indexOf(0x0a, nl + 1);
    }
    hit.line = line;
    hit.lineStart = lineStart;
    onHit(hit);
  }
  while (nl >= 0 && nl < to) {
    line++;
    nl = buf.indexOf(0x0a, nl + 1);
  }
  return line;
}
