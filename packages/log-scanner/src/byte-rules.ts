/**
 * The byte-level rules of the scanner: byte classes, the stride, and the small pure checks the
 * tokenizer applies around a digit run. Kept apart from the scanner so each rule reads alone;
 * everything here works on raw bytes (never decoded text).
 */
export const WORD = new Uint8Array(256); // [A-Za-z0-9_]: a digit glued to these is part of a word
export const JOIN = new Uint8Array(256); // what people write between digit groups of one number
export const TOKEN = new Uint8Array(256); // what a tracking-id value is made of (base64, hex, url-safe)
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  WORD[c] = /[A-Za-z0-9_]/.test(ch) ? 1 : 0;
  JOIN[c] = /[ \-./()]/.test(ch) ? 1 : 0;
  TOKEN[c] = /[A-Za-z0-9+/=_\-.%~]/.test(ch) ? 1 : 0;
}
/**
 * The stride: a number is found when it has a run of at least this many digits (carriers'
 * compact forms, `07700 900123`, `+44 7700 900123`) or starts with `+` (found by native search:
 * `+44 7700 900 123`, `tel:+1-201-555-0123`), so the hot loop reads one byte in `STRIDE` and
 * still lands on every such run. National forms written only in short groups (`0770 090 0123`,
 * French `06 12 34 56 78`) are not found; see README. Measured: STRIDE 4 → 5 doubles throughput.
 */
export const STRIDE = 5;
export const MIN_DIGITS = 7;
export const MAX_DIGITS = 17;
export const MIN_TOKEN = 6;
export const MAX_TOKEN = 512;

export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
export const isDigitByte = (c: number): boolean => c >= 0x30 && c <= 0x39;
export const isHex = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
// `.`, `:`, `-`, `/` between digits: IP addresses, times, dates, decimals, versions, ranges.
export const isNumericGlue = (c: number | undefined): boolean =>
  c === 0x2e || c === 0x3a || c === 0x2d || c === 0x2f;

/**
 * The hot loop of the scanner: reads one byte in `step` from `i` and returns the start of the
 * first digit run of at least `step` digits it lands on, or -1. Every such run in `[from, to)`
 * at or after `i - step + 1` is landed on. Kept small and alone so that V8 compiles it tight.
 */
export function nextDigitRun(buf: Uint8Array, i: number, from: number, to: number, step: number): number {
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
    if (e - s >= step) return s;
    i = e + step;
  }
  return -1;
}

export function skipWord(buf: Buffer, k: number, to: number): number {
  while (k < to && WORD[buf[k] as number] === 1) k++;
  return k;
}

export function skipCompound(buf: Buffer, k: number, to: number): number {
  while (k < to) {
    const c = buf[k];
    if (isDigit(c)) k++;
    else if (isNumericGlue(c) && isDigit(buf[k + 1])) k += 2;
    else break;
  }
  return k;
}

/** `+0000]`: one group shorter than STRIDE with nothing joined to it cannot be a number. */
export function loneShortGroup(buf: Buffer, s: number, to: number, stride: number): boolean {
  let e = s;
  while (e < to && e - s < stride && isDigitByte(buf[e] as number)) e++;
  return e - s < stride && (e >= to || JOIN[buf[e] as number] !== 1);
}

/** True when a group in `[b, s)` starts a written number: `+`, `(`, `%2B`, or a leading `0`. */
export function writtenStart(buf: Buffer, b: number, s: number, from: number): boolean {
  if (b - 3 >= from && buf[b - 3] === 0x25 && buf[b - 2] === 0x32 && ((buf[b - 1] as number) | 0x20) === 0x62)
    return true;
  for (let k = b; k < s; k++) {
    const c = buf[k] as number;
    if (c === 0x2b || c === 0x28) return true;
    if (c === 0x30 && (k === b || !isDigitByte(buf[k - 1] as number))) return true;
  }
  return false;
}

export function startsWith(buf: Buffer, at: number, prefix: Buffer): boolean {
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** True when separators tie the digit run `[s, e)` to a `+`, a bracket or more digits. */
export function writtenAround(buf: Buffer, s: number, e: number, from: number, to: number): boolean {
  let k = s - 1;
  while (k >= from && k >= s - 3) {
    const c = buf[k] as number;
    if (c === 0x2b || c === 0x28 || c === 0x29) return true;
    if (JOIN[c] !== 1) break;
    k--;
  }
  if (k < s - 1 && isDigit(buf[k])) return true;
  k = e;
  while (k < to && k < e + 3 && JOIN[buf[k] as number] === 1) k++;
  return k > e && isDigit(buf[k]);
}

/** Where the value after a tracking-id header name starts (`X-UIDH: abc...`, `"x-acr":"..."`), or -1. */
export function trackingValue(buf: Buffer, s: number, to: number): number {
  let k = s + 2;
  while (k < to && (WORD[buf[k] as number] === 1 || buf[k] === 0x2d)) k++;
  while (k < to && (buf[k] === 0x22 || buf[k] === 0x27 || buf[k] === 0x5c || buf[k] === 0x20)) k++;
  if (buf[k] !== 0x3a && buf[k] !== 0x3d) return -1;
  k++;
  // Quotes, escapes, spaces, and `[` when it opens a JSON array (`["..."]`); a redaction mask
  // (`[tracking-id]`) is never read as a value.
  while (k < to) {
    const c = buf[k];
    const opensArray = c === 0x5b && (buf[k + 1] === 0x22 || buf[k + 1] === 0x27);
    if (c === 0x22 || c === 0x27 || c === 0x5c || c === 0x20 || opensArray) k++;
    else break;
  }
  return k;
}

/** The end of the token value starting at `start`, or -1 when it is shorter than MIN_TOKEN. */
export function tokenEnd(buf: Buffer, start: number, to: number): number {
  let k = start;
  while (k < to && k - start < MAX_TOKEN && TOKEN[buf[k] as number] === 1) k++;
  return k - start < MIN_TOKEN ? -1 : k;
}
