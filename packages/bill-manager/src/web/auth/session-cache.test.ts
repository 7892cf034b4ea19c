import { describe, expect, it } from 'vitest';
import { createSessionCache } from './session-cache.js';
import type { Viewer } from './viewer.js';

function viewer(userId: string, expiresAt = new Date(10_000_000), breakGlassExpires?: number): Viewer {
  return {
    userId,
    email: `${userId}@example.test`,
    displayName: userId,
    role: 'company_admin',
    tenantId: '00000000-0000-4000-8000-000000000001',
    companyName: 'Example',
    costCentreId: null,
    costCentreName: null,
    lineId: null,
    lineMsisdn: null,
    totpEnabled: false,
    session: {
      tokenHash: Buffer.from(userId),
      csrfToken: 'csrf',
      expiresAt,
      breakGlass:
        breakGlassExpires === undefined
          ? null
          : {
              id: 'g',
              tenantId: '00000000-0000-4000-8000-000000000001',
              companyName: 'Example',
              reason: 'ticket 1: a reason long enough',
              startedAt: new Date(0),
              expiresAt: new Date(breakGlassExpires),
            },
    },
  };
}

describe('the session cache', () => {
  it('remembers a lookup until its time is up, then asks again', () => {
    const cache = createSessionCache({ ttlMs: 5000, maxEntries: 10 });
    cache.remember('a', viewer('ann'), cache.generation(), 1000);
    expect(cache.get('a', 5999)?.userId).toBe('ann');
    expect(cache.get('a', 6000)).toBeUndefined();
  });

  it('never keeps a session past its own expiry or its break-glass grant', () => {
    const cache = createSessionCache({ ttlMs: 5000, maxEntries: 10 });
    cache.remember('a', viewer('ann', new Date(2000)), cache.generation(), 1000);
    expect(cache.get('a', 1999)).toBeDefined();
    expect(cache.get('a', 2000)).toBeUndefined();
    cache.remember('b', viewer('bob', new Date(10_000), 1500), cache.generation(), 1000);
    expect(cache.get('b', 1500)).toBeUndefined();
  });

  it('forgets a session, and every session of a user, at once', () => {
    const cache = createSessionCache({ ttlMs: 5000, maxEntries: 10 });
    for (const [key, user] of [
      ['a1', 'ann'],
      ['a2', 'ann'],
      ['b1', 'bob'],
    ] as const) {
      cache.remember(key, viewer(user), cache.generation(), 0);
    }
    cache.forget('b1');
    expect(cache.get('b1', 1)).toBeUndefined();
    cache.forgetUser('ann');
    expect(cache.get('a1', 1)).toBeUndefined();
    expect(cache.get('a2', 1)).toBeUndefined();
  });

  it('does not remember a lookup that was reading while a session was revoked', () => {
    const cache = createSessionCache({ ttlMs: 5000, maxEntries: 10 });
    const since = cache.generation(); // the lookup starts reading the database
    cache.forgetUser('ann'); // meanwhile: sign out everywhere
    cache.remember('a', viewer('ann'), since, 0); // the lookup ends with what it read before
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the least recently used, and nothing when off', () => {
    const cache = createSessionCache({ ttlMs: 5000, maxEntries: 2 });
    cache.remember('a', viewer('ann'), cache.generation(), 0);
    cache.remember('b', viewer('bob'), cache.generation(), 0);
    cache.get('a', 1);
    cache.remember('c', viewer('cat'), cache.generation(), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    const off = createSessionCache({ ttlMs: 0, maxEntries: 2 });
    off.remember('a', viewer('ann'), off.generation(), 0);
    expect(off.get('a', 0)).toBeUndefined();
  });
});
