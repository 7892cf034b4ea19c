import { describe, expect, it } from 'vitest';
import { createDashboardCache } from './dashboard-cache.js';

describe('the dashboard cache', () => {
  it('computes an answer once per key, sharing it with requests that ask meanwhile', async () => {
    const cache = createDashboardCache({ maxEntries: 10 });
    let computed = 0;
    const compute = async () => `answer ${++computed}`;
    const answers = await Promise.all([
      cache.answer('k', 'v1', compute),
      cache.answer('k', 'v1', compute),
      cache.answer('k', 'v1', compute),
    ]);
    expect(answers).toEqual(['answer 1', 'answer 1', 'answer 1']);
    expect(await cache.answer('other', 'v1', compute)).toBe('answer 2');
  });

  it('drops every answer when a publication changes the version', async () => {
    const cache = createDashboardCache({ maxEntries: 10 });
    await cache.answer('a', 'v1', async () => 'a1');
    await cache.answer('b', 'v1', async () => 'b1');
    await cache.answer('c', 'v2', async () => 'c2');
    expect(cache.size).toBe(1);
  });

  it('does not keep a failure, and holds at most maxEntries', async () => {
    const cache = createDashboardCache({ maxEntries: 2 });
    await expect(
      cache.answer('k', 'v', async () => {
        throw new Error('database went away');
      }),
    ).rejects.toThrow('database went away');
    expect(await cache.answer('k', 'v', async () => 'fine')).toBe('fine');
    await cache.answer('l', 'v', async () => 'l');
    await cache.answer('m', 'v', async () => 'm');
    expect(cache.size).toBe(2);
    expect(await cache.answer('k', 'v', async () => 'again')).toBe('again');
  });

  it('computes every time when off', async () => {
    const cache = createDashboardCache({ maxEntries: 0 });
    let computed = 0;
    await cache.answer('k', 'v', async () => `${++computed}`);
    expect(await cache.answer('k', 'v', async () => `${++computed}`)).toBe('2');
    expect(cache.size).toBe(0);
  });
});
