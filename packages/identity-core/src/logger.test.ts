import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) } };
}

describe('createLogger', () => {
  it('redacts numbers in messages, fields, nested objects, arrays and errors', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'test', destination, defaultCountry: 'GB' });
    logger.info('subscriber 447700900123 arrived');
    logger.info(
      { msisdn: '+447700900123', nested: { list: ['07700 900 124'] }, asNumber: 447700900125 },
      'fields',
    );
    logger.error({ err: new Error('lookup failed for +447700900126') }, 'boom');
    logger.warn({ imsi: '234150999999999', imei: '490154203237518' }, 'device');
    logger.info({ list: [447700900127, 1], text: 'a, 447700900128, b' }, 'json positions');
    const text = lines.join('');
    for (const digits of [
      '7700900123',
      '7700900124',
      '900 124',
      '7700900125',
      '7700900126',
      '7700900127',
      '7700900128',
      '234150999999999',
      '490154203237518',
    ]) {
      expect(text).not.toContain(digits);
    }
    expect(text).toContain('[msisdn]');
    expect(text).toContain('[imsi]');
    expect(text).toContain('[imei]');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps timestamps, pids and ordinary numbers', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'test', destination });
    logger.info({ count: 42, durationMs: 1234, ip: '192.168.100.200' }, 'done');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({
      count: 42,
      durationMs: 1234,
      ip: '192.168.100.200',
      name: 'test',
      msg: 'done',
    });
    expect(typeof entry.time).toBe('number');
  });

  it('censors credentials by path', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'test', destination });
    logger.info({ req: { headers: { authorization: 'Bearer s3cret', cookie: 'sid=abc' } } }, 'request');
    expect(lines.join('')).not.toContain('s3cret');
    expect(lines.join('')).not.toContain('sid=abc');
  });
});
