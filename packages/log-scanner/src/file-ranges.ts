import { open } from 'node:fs/promises';
import type { FileScanResult, IdentifierTally } from './file-tally.js';
import { MAX_LINES_KEPT } from './file-tally.js';
import type { ByteRange } from './open-source.js';

const PROBE = 64 * 1024;

/**
 * Cuts a plain file into about `parts` byte ranges that start at line starts, so workers can
 * scan one large log together. Every line falls in exactly one range.
 */
export async function planRanges(path: string, size: number, parts: number): Promise<ByteRange[]> {
  const handle = await open(path, 'r');
  try {
    const cuts = [0];
    const probe = Buffer.allocUnsafe(PROBE);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor((size * k) / parts), cuts.at(-1) as number);
      let cut = -1;
      while (cut < 0 && at < size) {
        const { bytesRead } = await handle.read(probe, 0, PROBE, at);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (newline >= 0) cut = at + newline + 1;
        else at += bytesRead;
      }
      if (cut > (cuts.at(-1) as number) && cut < size) cuts.push(cut);
    }
    cuts.push(size);
    return cuts.slice(1).map((end, i) => ({ start: cuts[i] as number, end }));
  } finally {
    await handle.close();
  }
}

/** Joins the results of a file's ranges (in order) into the result a whole-file scan gives. */
export function mergeRanges(path: string, parts: readonly FileScanResult[]): FileScanResult {
  const byKey = new Map<string, IdentifierTally>();
  const links = new Set<string>();
  let lineBase = 0;
  let bytes = 0;
  let records = 0;
  let problem: FileScanResult['problem'];
  for (const part of parts) {
    for (const t of part.identifiers) {
      const key = `${t.kind}:${t.value}`;
      let merged = byKey.get(key);
      if (!merged) {
        merged = { ...t, count: 0, lines: [], fields: [], firstSeen: undefined, lastSeen: undefined };
        byKey.set(key, merged);
      }
      merged.count += t.count;
      if (t.firstSeen !== undefined && (merged.firstSeen === undefined || t.firstSeen < merged.firstSeen))
        merged.firstSeen = t.firstSeen;
      if (t.lastSeen !== undefined && (merged.lastSeen === undefined || t.lastSeen > merged.lastSeen))
        merged.lastSeen = t.lastSeen;
      for (const line of t.lines)
        if (merged.lines.length < MAX_LINES_KEPT) merged.lines.push(line + lineBase);
      for (const f of t.fields) if (!merged.fields.includes(f)) merged.fields.push(f);
    }
    for (const [a, b] of part.links) links.add(`${a}\n${b}`);
    // Ranges end at a newline, so a range's line count is the next range's line offset.
    lineBase += part.lines;
    bytes += part.bytes;
    records += part.records;
    problem ??= part.problem;
  }
  return {
    path,
    gzip: false,
    bytes,
    lines: lineBase,
    records,
    identifiers: [...byKey.values()],
    links: [...links].map((pair) => pair.split('\n') as [string, string]),
    ...(problem ? { problem } : {}),
  };
}
