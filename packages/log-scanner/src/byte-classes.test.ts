import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileByteClasses } from '../scripts/compile-wat.mjs';
import { ByteClasses, CLASSES_WINDOW } from './byte-classes.js';
import { BYTE_CLASSES_WASM } from './byte-classes-wasm.js';
import { createCandidateValidator } from './candidate-validator.js';
import { generateCorpus } from './corpus/generate-corpus.js';
import { createBufferScanner, type ScanHit } from './scan-buffer.js';

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** What the first pass must list, computed byte by byte. */
function reference(buf: Uint8Array, from: number, to: number) {
  const runs: number[] = [];
  const plus: number[] = [];
  const names: number[] = [];
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] as number;
    const next = i + 1 < to ? buf[i + 1] : undefined;
    if (isDigit(c) && (i === from || !isDigit(buf[i - 1]))) {
      let e = i;
      while (e < to && isDigit(buf[e])) e++;
      if (e - i >= 5) runs.push(i - from);
    }
    if (c === 0x2b && isDigit(next)) plus.push(i - from);
    if ((c === 0x78 || c === 0x58) && (next === 0x2d || next === 0x5f)) names.push(i - from);
    if (c === 0x0a) newlines++;
  }
  return { runs, plus, names, newlines };
}

function listed(classes: ByteClasses) {
  return {
    runs: [...classes.runs.subarray(0, classes.runCount)],
    plus: [...classes.plus.subarray(0, classes.plusCount)],
    names: [...classes.names.subarray(0, classes.nameCount)],
    newlines: classes.newlines,
  };
}

describe('the SIMD first pass', () => {
  it('is the compiled form of byte-classes.wat (run `npm run build:wasm` after changing it)', async () => {
    const text = readFileSync(new URL('./byte-classes.wat', import.meta.url), 'utf8');
    const bytes = await compileByteClasses(text);
    expect(Buffer.from(bytes).toString('base64')).toBe(BYTE_CLASSES_WASM);
  });

  it('lists digit runs, `+` before digits, `x-` names and newlines exactly as a byte loop does', () => {
    const classes = new ByteClasses();
    // Every class at every position relative to the 32-byte blocks, runs across block ends,
    // at the region's ends, and bytes above 0x7f.
    const pieces = ['12345', '1234', '123456789012', '+4', '+', 'x-', 'X_', 'x', '-', '\n', ' ', '\xff', '0'];
    let seed = 1;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      let text = '';
      while (text.length < 40 + round * 3) text += pieces[Math.floor(random() * pieces.length)];
      const buf = Buffer.from(text, 'latin1');
      for (const from of [0, 1, 7]) {
        if (from > buf.length) continue;
        classes.classify(buf, from, buf.length);
        expect(listed(classes), text).toEqual(reference(buf, from, buf.length));
      }
    }
  });

  it('counts the newlines before each 4 KiB block of a full window', () => {
    const text = Buffer.from(`${'a 447700900123 b\n'.repeat(CLASSES_WINDOW / 17)}`.slice(0, CLASSES_WINDOW));
    const classes = new ByteClasses();
    classes.classify(text, 0, text.length);
    expect(listed(classes)).toEqual(reference(text, 0, text.length));
    for (let offset = 0; offset < text.length; offset += 4096) {
      const before = text.subarray(0, offset).filter((c) => c === 0x0a).length;
      expect(classes.blockLines(offset)).toBe(before);
    }
  });

  it('leads the scanner to exactly what the JavaScript probe loop finds', () => {
    const text = Buffer.from(generateCorpus({ seed: 3, lines: 6000 }).text);
    const run = (simd: boolean, region: number): string[] => {
      const scan = createBufferScanner(createCandidateValidator({ country: 'GB' }), { simd });
      const out: string[] = [];
      let lines = 0;
      for (let at = 0; at < text.length; ) {
        const end = Math.min(text.length, text.lastIndexOf(0x0a, at + region - 1) + 1 || text.length);
        const next = end > at ? end : text.length;
        const base = lines;
        lines += scan(text, at, next, (h: ScanHit) =>
          out.push(`${h.start}-${h.end}:${h.kind}:${h.value}:${h.field}:${base + h.line}:${h.lineStart}`),
        );
        at = next;
      }
      out.push(`lines ${lines}`);
      return out;
    };
    const probe = run(false, text.length);
    expect(probe.length).toBeGreaterThan(1000);
    // One region far over the window (cut into windows at line ends), and regions of many sizes.
    expect(run(true, text.length)).toEqual(probe);
    for (const region of [1000, 40_000, 100_000]) expect(run(true, region)).toEqual(probe);
  });
});
