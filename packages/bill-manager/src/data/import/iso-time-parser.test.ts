import { describe, expect, it } from 'vitest';
import { IsoTimeParser } from './iso-time-parser.js';

const EPOCH_2000_MS = Date.UTC(2000, 0, 1);

/** Microseconds since 2000-01-01 UTC, as a timestamptz holds them, or undefined. */
function micros(text: string): bigint | undefined {
  const parser = new IsoTimeParser();
  const bytes = Buffer.from(text, 'latin1');
  return parser.parse(bytes, 0, bytes.length)
    ? BigInt(parser.seconds) * 1_000_000n + BigInt(parser.micros)
    : undefined;
}

describe('IsoTimeParser', () => {
  it('reads every accepted form to the microsecond, zone applied', () => {
    const cases: [string, string][] = [
      ['2026-01-31T09:15:00Z', '2026-01-31T09:15:00.000Z'],
      ['2026-01-31T09:15Z', '2026-01-31T09:15:00.000Z'],
      ['2026-01-31T09:15:00.5+01:00', '2026-01-31T08:15:00.500Z'],
      ['2026-01-31T23:59:59.999-0030', '2026-02-01T00:29:59.999Z'],
      ['2024-02-29T00:00:00+14:00', '2024-02-28T10:00:00.000Z'],
      ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
      ['1999-12-31T23:59:59Z', '1999-12-31T23:59:59.000Z'],
      ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ];
    for (const [text, iso] of cases) {
      expect(micros(text), text).toBe(BigInt(Date.parse(iso) - EPOCH_2000_MS) * 1000n);
    }
    expect(micros('2026-01-31T09:15:00.123456Z')).toBe(
      BigInt(Date.parse('2026-01-31T09:15:00Z') - EPOCH_2000_MS) * 1000n + 123_456n,
    );
    expect(micros('2026-01-31T09:15:00.000001Z')).toBe(
      BigInt(Date.parse('2026-01-31T09:15:00Z') - EPOCH_2000_MS) * 1000n + 1n,
    );
  });

  it('refuses what the documented pattern and the calendar refuse', () => {
    for (const text of [
      '2026-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-01T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '2026-01-31T24:00:00Z',
      '2026-01-31T09:60:00Z',
      '2026-01-31T09:15:60Z',
      '2026-01-31T09:15:00.1234567Z',
      '2026-01-31T09:15:00.Z',
      '2026-01-31T09:15:00',
      '2026-01-31T09:15:00z',
      '2026-01-31 09:15:00Z',
      '2026-01-31T09:15:00+15:00',
      '2026-01-31T09:15:00+01:60',
      '2026-01-31T09:15:00+1',
      '2026-01-31T09:15:00Z ',
      '2026-1-31T09:15:00Z',
      '',
    ]) {
      expect(micros(text), text).toBeUndefined();
    }
  });

  it('reads a time inside a larger buffer without looking past its end', () => {
    const parser = new IsoTimeParser();
    const row = Buffer.from('x,2026-01-31T09:15:00Z,2026-01-31T09:15:00Z');
    expect(parser.parse(row, 2, 22)).toBe(true);
    expect(parser.parse(row, 2, 21)).toBe(false);
  });
});
