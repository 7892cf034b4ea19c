import { describe, expect, it } from 'vitest';
import { createMemorySessionStore } from './memory-session-store.js';
import { describeSessionStoreContract } from './testing/session-store-contract.js';

describeSessionStoreContract('memory store', async (now) =>
  createMemorySessionStore({ now, sweepIntervalMs: 0 }),
);

describe('memory store housekeeping', () => {
  it('sweeps expired sessions and reuses their slots', async () => {
    let clock = 1000;
    const store = createMemorySessionStore({ now: () => clock, sweepIntervalMs: 0 });
    for (let i = 0; i < 2000; i++) {
      await store.record({
        msisdn: `+4477009${String(i % 1000).padStart(5, '0')}`,
        imsi: undefined,
        imeisv: undefined,
        ratType: undefined,
        nas: 'n/1',
        accountingSessionId: `s${i}`,
        framedIpAddress: `10.1.${i >> 8}.${i & 255}`,
        framedIpv6Prefix: undefined,
        startedAt: clock,
        lastSeenAt: clock,
        expiresAt: clock + (i < 1000 ? 10 : 1000),
        lastEventAt: clock,
      });
    }
    expect(store.size).toBe(2000);
    clock += 100;
    expect(store.sweep()).toBe(1000);
    expect(store.size).toBe(1000);
    expect((await store.lookup('10.1.3.232')).status).toBe('found'); // i = 1000
    expect((await store.lookup('10.1.0.1')).status).toBe('none');
    expect(store.lookupSync('10.1.3.232')).toEqual(await store.lookup('10.1.3.232'));
    await store.close();
  });
});
