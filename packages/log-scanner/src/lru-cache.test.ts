import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.js';

describe('LruCache', () => {
  it('keeps recently used keys and stays bounded', () => {
    const cache = new LruCache<string, number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // promoted: survives the next turnover
    cache.set('d', 4);
    cache.set('e', 5);
    expect(cache.get('a')).toBe(1);
    expect(cache.has('b')).toBe(false);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get('k999')).toBe(999);
  });

  it('tells a cached undefined from a miss', () => {
    const cache = new LruCache<string, number | undefined>(4);
    cache.set('x', undefined);
    expect(cache.has('x')).toBe(true);
    expect(cache.has('y')).toBe(false);
  });
});
