import { describe, expect, it } from 'vitest';
import { createMsisdnNormaliser } from './msisdn-normaliser.js';
import { createRetransmissionCache, retransmissionKey } from './retransmission-cache.js';

describe('retransmission cache', () => {
  it('marks a request in flight, then answers its retransmissions until the window ends', () => {
    let clock = 0;
    const cache = createRetransmissionCache({ windowMs: 1000, now: () => clock });
    expect(cache.begin('a')).toEqual({ state: 'new' });
    expect(cache.begin('a')).toEqual({ state: 'in-flight' });
    cache.complete('a', Buffer.from('answer'));
    expect(cache.begin('a')).toEqual({ state: 'answered', response: Buffer.from('answer') });
    clock = 1000;
    expect(cache.begin('a')).toEqual({ state: 'new' });
  });

  it('forgets abandoned requests and stays within its bound', () => {
    const cache = createRetransmissionCache({ maxEntries: 3, now: () => 0 });
    cache.begin('x');
    cache.abandon('x');
    expect(cache.begin('x')).toEqual({ state: 'new' });
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.begin(key);
    expect(cache.size).toBe(3);
    expect(cache.begin('e')).toEqual({ state: 'in-flight' });
  });

  it('keeps a request re-begun after abandon, however old its first try', () => {
    let clock = 0;
    const cache = createRetransmissionCache({ windowMs: 1000, now: () => clock });
    cache.begin('a');
    cache.abandon('a');
    clock = 900;
    cache.begin('a');
    clock = 1500; // the first try has aged out; the second has not
    cache.begin('other');
    expect(cache.begin('a')).toEqual({ state: 'in-flight' });
  });

  it('evicts in constant time once full, oldest first', () => {
    const cache = createRetransmissionCache({ maxEntries: 1000, now: () => 0 });
    const started = performance.now();
    for (let i = 0; i < 300_000; i++) cache.begin(`k${i}`);
    // A Map iterated from its front after many deletions takes seconds for this; the queue does not.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(cache.size).toBe(1000);
    expect(cache.begin('k299999')).toEqual({ state: 'in-flight' });
    expect(cache.begin('k298999')).toEqual({ state: 'new' });
  });

  it('keys on source, port, identifier and authenticator', () => {
    const packet = Buffer.alloc(20);
    const other = Buffer.from(packet);
    other[10] = 1;
    expect(retransmissionKey('127.0.0.1', 1, packet)).not.toBe(retransmissionKey('127.0.0.1', 2, packet));
    expect(retransmissionKey('127.0.0.1', 1, packet)).not.toBe(retransmissionKey('127.0.0.1', 1, other));
    expect(retransmissionKey('127.0.0.1', 1, packet)).toBe(
      retransmissionKey('127.0.0.1', 1, Buffer.from(packet)),
    );
  });
});

describe('msisdn normaliser', () => {
  it('normalises every written form to E.164 and remembers failures too', () => {
    const normalise = createMsisdnNormaliser({ defaultCountry: 'GB', maxEntries: 2 });
    expect(normalise('447700900123')).toBe('+447700900123');
    expect(normalise('07700 900123')).toBe('+447700900123');
    expect(normalise('+44 7400 123456')).toBe('+447400123456');
    expect(normalise('not a number')).toBeUndefined();
    expect(normalise('not a number')).toBeUndefined();
    expect(normalise('447700900123')).toBe('+447700900123');
  });
});
