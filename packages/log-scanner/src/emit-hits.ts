import { ByteClasses } from './byte-classes.js';
import type { HitSink } from './scan-buffer.js';
import { byStart, type RawHit } from './tracking-headers.js';

// How the scanner hands a region's hits on: in order, each with its line (newlines since the
// region's start) and that line's start, found with native search or the first pass's counts.

/** `emit` with the first pass's newline counts: only the lines between a hit and its 4 KiB block are searched. */
export function emitClassified(
  buf: Buffer,
  from: number,
  hits: RawHit[],
  onHit: HitSink,
  classes: ByteClasses,
): number {
  let line = 0;
  let at = from; // a line start; `line` newlines lie in [from, at)
  for (const hit of hits) {
    const offset = hit.start - from;
    const block = from + ByteClasses.blockStart(offset);
    if (block > at) {
      line = classes.blockLines(offset);
      at = block;
    }
    let nl = buf.indexOf(0x0a, at);
    while (nl >= 0 && nl < hit.start) {
      line++;
      at = nl + 1;
      nl = buf.indexOf(0x0a, at);
    }
    hit.line = line;
    hit.lineStart = at === block && at !== from ? lineStartBefore(buf, at, from) : at;
    onHit(hit);
  }
  return classes.newlines;
}

// Where the line holding `at` starts (`at` may be mid-line: a 4 KiB block starts anywhere).
function lineStartBefore(buf: Buffer, at: number, from: number): number {
  const nl = buf.lastIndexOf(0x0a, at - 1);
  return nl < from ? from : nl + 1;
}

export function mergeHits(digits: RawHit[], tracking: RawHit[]): RawHit[] {
  if (tracking.length === 0) return digits;
  if (digits.length === 0) return tracking;
  return [...digits, ...tracking].sort(byStart);
}

/**
 * Gives each hit its line (newlines since `from`) and that line's start, counting newlines with
 * native search, and returns the region's newline count.
 */
export function emit(buf: Buffer, from: number, to: number, hits: RawHit[], onHit: HitSink): number {
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
