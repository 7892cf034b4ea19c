import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCandidateValidator } from './candidate-validator.js';
import { createReplacer } from './create-replacer.js';
import { FileTally } from './file-tally.js';
import { createBufferScanner } from './scan-buffer.js';
import { scanChunks } from './scan-chunks.js';
import { scanText } from './scan-text.js';

const IDENTIFIERS = [
  '0770 090 0132',
  '447700900123',
  '+447700900124',
  '07700900125',
  '00447700900126',
  'tel:+44-7700-900127',
  '+44 7700 900128',
  '07700 900129',
  '+44 (0)7700 900130',
  '%2B447700900131',
  '+33 6 12 34 56 78',
  '234150123456789',
  '356938035643809',
];
const CONTEXTS = [
  'x-msisdn: ',
  'msisdn=',
  '"x-msisdn":"',
  'X-UIDH: ',
  'imei=',
  'x-imsi: ',
  'phone ',
  '/users/',
  '',
];
const DECOYS = [
  '10.0.0.1',
  '[10/Jan/2012:13:55:36 +0000]',
  '1326203736123',
  '0.0770090012s',
  'order_id=447700900777',
  'v2.14.100',
  '550e8400-e29b-41d4-a716-446655440000',
  '1234567.89',
];

const fragment = fc.oneof(
  fc.tuple(fc.constantFrom(...CONTEXTS), fc.constantFrom(...IDENTIFIERS)).map(([c, v]) => Buffer.from(c + v)),
  fc.constantFrom(...DECOYS).map((d) => Buffer.from(d)),
  fc.string({ maxLength: 12 }).map((s) => Buffer.from(s)),
  // Arbitrary bytes (invalid UTF-8 included), but no NUL: that marks a binary file.
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((a) => Buffer.from(a.map((b) => (b === 0 ? 1 : b)))),
);
const separator = fc.constantFrom(' ', '\n', '"', ',', ' | ', '\r\n');
const logText = fc
  .array(fc.tuple(fragment, separator), { maxLength: 40 })
  .map((parts) => Buffer.concat(parts.flatMap(([f, s]) => [f, Buffer.from(s)])));

async function redact(
  text: Buffer,
  chunkSizes: number[],
  key: Uint8Array | undefined,
  thorough: boolean,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = chunkSizes[i % chunkSizes.length] ?? 7;
    chunks.push(text.subarray(at, at + size));
    at += size;
  }
  const out: Buffer[] = [];
  async function* source() {
    yield* chunks;
  }
  await scanChunks(source(), {
    scanner: createBufferScanner(createCandidateValidator({ country: 'GB' }), thorough ? { stride: 1 } : {}),
    tally: new FileTally(),
    replace: createReplacer(key ? { mode: 'hash', key } : { mode: 'mask' }),
    write: async (chunk) => {
      out.push(Buffer.from(chunk));
    },
    maxLineBytes: 1024,
  });
  return Buffer.concat(out);
}

const MASK = /^"?\[(msisdn|imsi|imei|subscriber-id|tracking-id)(:[a-z]{16})?\]"?$/;

describe('redaction (property)', () => {
  it('leaves nothing a rescan finds, and every byte outside the replaced spans as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        logText,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        async (text, sizes, hashed, thorough) => {
          const key = hashed ? Buffer.alloc(32, 3) : undefined;
          const redacted = await redact(text, sizes, key, thorough);
          expect(scanText(redacted, { thorough })).toEqual([]);
          expect(scanText(redacted)).toEqual([]);
          // Walk the original's spans: the text between them must be copied byte for byte.
          let at = 0;
          let out = 0;
          for (const hit of scanText(text, { thorough })) {
            const before = text.subarray(at, hit.start);
            expect(redacted.subarray(out, out + before.length).equals(before)).toBe(true);
            out += before.length;
            const rest = redacted.subarray(out);
            const next = text.subarray(hit.end, hit.end + 1);
            const end =
              rest.indexOf(']') + 1 + (rest[rest.indexOf(']') + 1] === 0x22 && next[0] !== 0x22 ? 1 : 0);
            expect(rest.subarray(0, end).toString('latin1')).toMatch(MASK);
            out += end;
            at = hit.end;
          }
          expect(redacted.subarray(out).equals(text.subarray(at))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20120110 },
    );
  });
});
