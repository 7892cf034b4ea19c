import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BodyFramerOptions, createBodyFramer } from './create-body-framer.js';
import type { BodyFraming } from './parse-request-head.js';

const OPTIONS: BodyFramerOptions = { rechunk: true, maxLineBytes: 64, maxTrailerCount: 4 };

/** Feeds `input` in the given pieces; returns what came out, bytes used, and whether it ended. */
function run(framing: BodyFraming, pieces: string[], options = OPTIONS) {
  const framer = createBodyFramer(framing, options);
  let out = '';
  let used = 0;
  const sink = { emit: (part: Buffer | string) => (out += Buffer.from(part).toString('latin1')) };
  for (const piece of pieces) {
    const n = framer.feed(Buffer.from(piece, 'latin1'), sink);
    if (n < 0) return { out, used: -1, done: framer.done };
    used += n;
    if (framer.done) break;
  }
  return { out, used, done: framer.done };
}

/** Every way of cutting `text` in two. */
const splits = (text: string) =>
  Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);

describe('createBodyFramer', () => {
  it('passes a sized body through untouched and stops at its end', () => {
    expect(run({ kind: 'length', length: 5 }, ['hel', 'loGET /'])).toEqual({
      out: 'hello',
      used: 5,
      done: true,
    });
    expect(run({ kind: 'none' }, ['GET /'])).toEqual({ out: '', used: 0, done: true });
  });

  it('re-frames a chunked body however it is cut, dropping extensions and trailers', () => {
    const body =
      '5;name=value;q="a b"\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-MSISDN: 447700900123\r\n\r\n';
    const expected = '5\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n';
    for (const pieces of splits(`${body}GET / HTTP/1.1`)) {
      const result = run({ kind: 'chunked' }, pieces);
      expect(result).toEqual({ out: expected, used: body.length, done: true });
    }
    expect(run({ kind: 'chunked' }, [body], { ...OPTIONS, rechunk: false }).out).toBe(
      'helloabcdefghijklmnopqrstuvwxyz',
    );
  });

  it('refuses malformed chunked framing', () => {
    for (const bad of [
      'x\r\nhello\r\n0\r\n\r\n', // not hex
      '5\nhello\r\n0\r\n\r\n', // bare LF
      '5\r\nhelloXY0\r\n\r\n', // no CRLF after the data
      '5 ; bad ext=\r\nhello\r\n0\r\n\r\n', // malformed extension
      '1000000000000\r\n', // 13 hex digits
      `5;${'a'.repeat(100)}\r\n`, // size line too long
      '0\r\nBad Trailer\r\n\r\n', // malformed trailer field
    ]) {
      expect(run({ kind: 'chunked' }, [bad]).used, JSON.stringify(bad)).toBe(-1);
    }
  });

  it('never emits more than it was given, and ends exactly once (random chunk sizes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 8 }),
        fc.nat(40),
        (chunks, cut) => {
          const body = `${chunks.map((c) => `${Buffer.byteLength(c, 'latin1').toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;
          const at = Math.min(cut, body.length);
          const result = run({ kind: 'chunked' }, [body.slice(0, at), body.slice(at), 'trailing']);
          expect(result.done).toBe(true);
          expect(result.used).toBe(body.length);
          expect(run({ kind: 'chunked' }, [body], { ...OPTIONS, rechunk: false }).out).toBe(chunks.join(''));
        },
      ),
    );
  });
});
