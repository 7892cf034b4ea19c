import { tokenEnd, trackingValue, WORD } from './byte-rules.js';
import type { ScannedKind } from './candidate-validator.js';
import { classifyKey, type KeyContext, normaliseKey } from './key-context.js';

/** A hit before its line is known (the scanner fills `line` and `lineStart` when it emits). */
export interface RawHit {
  kind: ScannedKind;
  value: string;
  field: string | undefined;
  start: number;
  end: number;
  line: number;
  lineStart: number;
}

/**
 * Orders hits by position. One function for every sort: a comparator made afresh per call makes
 * V8 throw away the scanner's optimised code each region ("wrong call target"; measured).
 */
export const byStart = (a: RawHit, b: RawHit): number => a.start - b.start;

// Where an `x-...` header name may start: `x`, `X` by memchr, then a look at the next byte.
const NAME_STARTS = [0x78, 0x58];

/**
 * Finds tracking-id and subscriber-id headers by name (`X-UIDH: ...`, `"x-vf-acr":"..."`,
 * `HTTP_X_UIDH=...`) and reports their values: opaque tokens that no digit rule could find.
 * Names come from the identity-header catalogue (and its strong name rules).
 */
export function createTrackingFinder(): (
  buf: Buffer,
  from: number,
  to: number,
  starts?: Int32Array,
  count?: number,
) => RawHit[] {
  const headerNames = new Map<string, KeyContext>();

  function headerAt(buf: Buffer, s: number, from: number, to: number): KeyContext | undefined {
    const prev = s > from ? (buf[s - 1] as number) : 0x0a;
    // `x` must start a name: after a non-word byte, or after `http_` (`$http_x_uidh`, `HTTP_X_UIDH`).
    if (WORD[prev] === 1 && !(prev === 0x5f && s - 5 >= from && ((buf[s - 5] as number) | 0x20) === 0x68)) {
      return undefined;
    }
    let e = s + 2;
    while (e < to && e - s < 64 && (WORD[buf[e] as number] === 1 || buf[e] === 0x2d)) e++;
    const raw = buf.toString('latin1', s, e).toLowerCase();
    let context = headerNames.get(raw);
    if (context === undefined) {
      context = classifyKey(normaliseKey(raw));
      if (headerNames.size < 4096) headerNames.set(raw, context);
    }
    return context;
  }

  function nameAt(buf: Buffer, p: number, from: number, to: number, found: RawHit[]): void {
    const next = buf[p + 1];
    if (next !== 0x2d && next !== 0x5f) return;
    // Most logged tracking headers are empty (`-`): look at the value before the name.
    const start = trackingValue(buf, p, to);
    const end = start < 0 ? -1 : tokenEnd(buf, start, to);
    const context = end < 0 ? undefined : headerAt(buf, p, from, to);
    if (
      context?.type === 'identity' &&
      (context.kind === 'tracking-id' || context.kind === 'subscriber-id')
    ) {
      const value = buf.toString('latin1', start, end);
      found.push({
        kind: context.kind as ScannedKind,
        value,
        field: context.field,
        start,
        end,
        line: 0,
        lineStart: 0,
      });
    }
  }

  /**
   * The tracking hits in `buf[from, to)`. `starts` lists (as offsets from `from`, ascending)
   * where `x-`/`X_` occur, when the first pass found them; without it they are found by search.
   */
  return function trackingHits(
    buf: Buffer,
    from: number,
    to: number,
    starts?: Int32Array,
    count = 0,
  ): RawHit[] {
    const found: RawHit[] = [];
    if (starts) {
      for (let k = 0; k < count; k++) nameAt(buf, from + (starts[k] as number), from, to, found);
      return found;
    }
    // Native search must not run past `to`: search a view of the region.
    const region = from === 0 && to === buf.length ? buf : buf.subarray(from, to);
    for (const needle of NAME_STARTS) {
      for (let q = region.indexOf(needle); q >= 0; q = region.indexOf(needle, q + 1)) {
        nameAt(buf, from + q, from, to, found);
      }
    }
    return found.length > 1 ? found.sort(byStart) : found;
  };
}
