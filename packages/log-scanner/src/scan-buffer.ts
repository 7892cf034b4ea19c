import { ByteClasses, CLASSES_MIN_RUN, CLASSES_WINDOW } from './byte-classes.js';
import {
  isDigit,
  isDigitByte,
  isHex,
  isNumericGlue,
  JOIN,
  loneShortGroup,
  MAX_DIGITS,
  MIN_DIGITS,
  nextDigitRun,
  STRIDE,
  skipCompound,
  skipWord,
  startsWith,
  WORD,
  writtenAround,
  writtenStart,
} from './byte-rules.js';
import type { CandidateValidator, ScannedKind } from './candidate-validator.js';
import { emit, emitClassified, mergeHits } from './emit-hits.js';
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
 * The scanner's hot path. It reads bytes, not decoded text (invalid UTF-8 cannot trip it). A
 * first pass (`ByteClasses`, WebAssembly SIMD, 32 bytes at a time) lists where runs of at least
 * `STRIDE` digits start, each `+` before a digit, where a tracking header name may start
 * (`X-UIDH`, `x_acr`) and how many newlines precede each 4 KiB block; the rules below run only
 * at those places. (Without it, at another stride or with `simd: false`, a JavaScript probe
 * reads one byte in `STRIDE` and native search finds the rest: the same places, found slower.)
 * At a digit run the scanner backs up to the start of the written token around it and runs the
 * tokenizer over it. A digit run shorter than a number, or glued to a word, an IP address, a
 * time, a decimal, a version or a UUID, is skipped whole without building a string; only the
 * rare run that could be a number is cut out and handed to the validator (which caches), with
 * the key that owns it on the same line.
 */
export interface BufferScannerOptions {
  /**
   * Bytes between probes of the hot loop (default `STRIDE`). 1 reads every byte and also finds
   * national numbers written only in short groups (`0770 090 0123`), at about a third of the speed.
   */
  readonly stride?: number;
  /**
   * Find where the stride would land with the WebAssembly SIMD first pass (default true; it
   * only applies at the default stride). False reads the region with the JavaScript probe loop,
   * which finds the same identifiers: tests compare the two.
   */
  readonly simd?: boolean;
}

export function createBufferScanner(
  validate: CandidateValidator,
  options: BufferScannerOptions = {},
): BufferScanner {
  const stride = options.stride ?? STRIDE;
  // The first pass lists runs of exactly the stride's length and up.
  const scanner = new Scanner(validate, stride, stride === CLASSES_MIN_RUN && options.simd !== false);
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
  /** The SIMD first pass, which lists what the stride lands on (none at other strides). */
  private readonly classes: ByteClasses | undefined;

  constructor(validate: CandidateValidator, step: number, simd: boolean) {
    this.validate = validate;
    this.step = step;
    this.classes = simd ? new ByteClasses() : undefined;
    this.home = Buffer.from(validate.homeCallingCode);
  }

  scan(buf: Buffer, from: number, to: number, onHit: HitSink): number {
    const classes = this.classes;
    if (!classes || to - from <= CLASSES_WINDOW) return this.scanRegion(buf, from, to, onHit, classes);
    // A large region is scanned window by window, each cut at a line end (no identifier spans a
    // newline); a window without one (a line longer than the window) is read by the JavaScript
    // probe loop.
    let lines = 0;
    let at = from;
    // Hits are the scanner's own objects until handed on: renumbering one in place is safe.
    const shifted: HitSink = (hit) => {
      (hit as RawHit).line += lines;
      onHit(hit);
    };
    while (at < to) {
      let end = to;
      let windowed: ByteClasses | undefined;
      if (to - at > CLASSES_WINDOW) {
        const cut = buf.lastIndexOf(0x0a, at + CLASSES_WINDOW - 1);
        if (cut >= at) {
          end = cut + 1;
          windowed = classes;
        } else {
          const next = buf.indexOf(0x0a, at + CLASSES_WINDOW);
          end = next < 0 || next >= to ? to : next + 1;
        }
      } else {
        windowed = classes;
      }
      lines += this.scanRegion(buf, at, end, lines === 0 ? onHit : shifted, windowed);
      at = end;
    }
    return lines;
  }

  private scanRegion(
    buf: Buffer,
    from: number,
    to: number,
    onHit: HitSink,
    classes: ByteClasses | undefined,
  ): number {
    this.buf = buf;
    this.from = from;
    this.to = to;
    this.covered = from;
    const hits: RawHit[] = [];
    classes?.classify(buf, from, to);
    const tracking = classes
      ? this.trackingHits(buf, from, to, classes.names, classes.nameCount)
      : this.trackingHits(buf, from, to);
    this.hits = hits;
    this.tracking = tracking;
    if (classes) this.classifiedRuns(buf, from, to, classes);
    else this.stride(buf, from, to);
    const strideHits = hits.length;
    this.plusNumbers(buf, from, to, hits, classes);
    if (hits.length > strideHits && strideHits > 0) hits.sort(byStart);
    const all = mergeHits(hits, tracking);
    return classes ? emitClassified(buf, from, all, onHit, classes) : emit(buf, from, to, all, onHit);
  }

  /**
   * The stride's work from the first pass's list of digit runs: the same runs the probe loop
   * lands on (every run of at least five digits that starts after what was already read).
   */
  private classifiedRuns(buf: Buffer, from: number, to: number, classes: ByteClasses): void {
    const runs = classes.runs;
    const count = classes.runCount;
    const step = this.step;
    let resume = from;
    for (let k = 0; k < count; k++) {
      const s = from + (runs[k] as number);
      if (s < resume) continue;
      let e = s + step;
      while (e < to && isDigitByte(buf[e] as number)) e++;
      if (e - s < MIN_DIGITS && buf[s] !== 0x30 && !this.writtenGroup(buf, s, e)) {
        resume = e + 1;
        continue;
      }
      resume = this.tokenize(this.tokenStart(buf, s), e);
    }
  }

  // Its own method, with nothing after the loop: V8 compiles a long loop on the fly (OSR), and
  // code after it in the same function deoptimised on every region (measured).
  private stride(buf: Buffer, from: number, to: number): void {
    const step = this.step;
    // The probe loop lives in its own small function (`nextDigitRun`), so V8 keeps it tight;
    // what follows runs once per run of at least `step` digits.
    let i = from + step - 1;
    for (;;) {
      const s = nextDigitRun(buf, i, from, to, step);
      if (s < 0) return;
      let e = s + step;
      while (e < to && isDigitByte(buf[e] as number)) e++;
      const n = e - s;
      // A run too short to be a number on its own counts only when separators tie it to more
      // digits (`07700 900123`) in a number written with `+`, `(` or a `0` group (`200 71218`,
      // a status and a size, is not one): skip it without tokenizing.
      if (n < MIN_DIGITS && buf[s] !== 0x30 && !this.writtenGroup(buf, s, e)) {
        i = e + step;
        continue;
      }
      i = this.tokenize(this.tokenStart(buf, s), e) + step - 1;
    }
  }

  /** Where the written token around the digit run at `s` starts (digits, joiners, `+`). */
  private tokenStart(buf: Buffer, s: number): number {
    let b = s;
    const floor = Math.max(this.from, s - MAX_BACKTRACK, this.covered);
    while (b > floor) {
      const p = buf[b - 1] as number;
      if (isDigitByte(p) || JOIN[p] === 1 || p === 0x2b) b--;
      else break;
    }
    return b;
  }

  private writtenGroup(buf: Buffer, s: number, e: number): boolean {
    return (
      writtenAround(buf, s, e, this.from, this.to) && writtenStart(buf, this.tokenStart(buf, s), s, this.from)
    );
  }

  /** Numbers written with `+` whatever their grouping (`+44 7700 900 123`), found by native search. */
  private plusNumbers(
    buf: Buffer,
    from: number,
    to: number,
    hits: RawHit[],
    classes: ByteClasses | undefined,
  ): void {
    const strideHits = hits.length;
    let h = 0;
    // Each `+` before a digit: from the first pass's list, or by native search.
    const listed = classes?.plus;
    const listedCount = classes?.plusCount ?? 0;
    const region = listed || (from === 0 && to === buf.length) ? buf : buf.subarray(from, to);
    let k = 0;
    let q = listed ? (listedCount > 0 ? (listed[0] as number) : -1) : region.indexOf(PLUS);
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
      if (listed) {
        while (k < listedCount && (listed[k] as number) <= q) k++;
        q = k < listedCount ? (listed[k] as number) : -1;
      } else {
        q = region.indexOf(PLUS, q + 1);
      }
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
