import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session, SessionStore } from '../session-store.js';

/** Builds a store on an injected clock; the suite closes it after each test. */
export type StoreFactory = (now: () => number) => Promise<SessionStore>;

const T0 = 1_763_770_000_000;

function session(overrides: Partial<Session> = {}): Session {
  return {
    msisdn: '+447700900123',
    imsi: '234150000000001',
    imeisv: '3566210000000101',
    ratType: 6,
    nas: 'demo/pgw-1',
    accountingSessionId: 'A1',
    framedIpAddress: '10.0.0.1',
    framedIpv6Prefix: undefined,
    startedAt: T0,
    lastSeenAt: T0,
    expiresAt: T0 + 60_000,
    lastEventAt: T0,
    ...overrides,
  };
}

/** The session-table semantics of issue 3, run against every store implementation. */
export function describeSessionStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name}: session table semantics`, () => {
    let clock = T0;
    let store: SessionStore;
    beforeEach(async () => {
      clock = T0;
      store = await factory(() => clock);
    });
    afterEach(async () => {
      await store.close();
    });

    it('finds a started session by its IPv4 address, with every field', async () => {
      expect(await store.record(session())).toBe('created');
      const result = await store.lookup('10.0.0.1');
      expect(result).toEqual({ status: 'found', session: session() });
      expect(await store.lookup('10.0.0.2')).toEqual({ status: 'none' });
      expect(await store.lookup('::ffff:10.0.0.1')).toMatchObject({ status: 'found' });
    });

    it('keeps leading zeros of test-network IMSIs and short IMEIs', async () => {
      await store.record(session({ imsi: '001010000000001', imeisv: '00440000000001', ratType: undefined }));
      const result = await store.lookup('10.0.0.1');
      expect(result.status === 'found' && result.session).toMatchObject({
        imsi: '001010000000001',
        imeisv: '00440000000001',
        ratType: undefined,
      });
    });

    it('a Start for an address held by another session replaces it (address reuse)', async () => {
      await store.record(session({ accountingSessionId: 'A1', msisdn: '+447700900123' }));
      const outcome = await store.record(
        session({ accountingSessionId: 'B2', msisdn: '+447700900456', lastEventAt: T0 + 1000 }),
      );
      expect(outcome).toBe('replaced');
      const result = await store.lookup('10.0.0.1');
      expect(result.status === 'found' && result.session.msisdn).toBe('+447700900456');
    });

    it('an older event never rolls an address back to an earlier holder', async () => {
      await store.record(
        session({ accountingSessionId: 'B2', msisdn: '+447700900456', lastEventAt: T0 + 5000 }),
      );
      expect(await store.record(session({ accountingSessionId: 'A1', lastEventAt: T0 }))).toBe('stale');
      expect(await store.record(session({ accountingSessionId: 'B2', lastEventAt: T0 + 1000 }))).toBe(
        'stale',
      );
      const result = await store.lookup('10.0.0.1');
      expect(result.status === 'found' && result.session).toMatchObject({
        msisdn: '+447700900456',
        lastEventAt: T0 + 5000,
      });
    });

    it('a Stop removes the session only when its Acct-Session-Id matches', async () => {
      await store.record(session());
      const stop = { nas: 'demo/pgw-1', framedIpAddress: '10.0.0.1', framedIpv6Prefix: undefined };
      expect(await store.stop({ ...stop, accountingSessionId: 'OTHER' })).toBe('no-match');
      expect(await store.stop({ ...stop, nas: 'demo/pgw-2', accountingSessionId: 'A1' })).toBe('no-match');
      expect((await store.lookup('10.0.0.1')).status).toBe('found');
      expect(await store.stop({ ...stop, accountingSessionId: 'A1' })).toBe('stopped');
      expect(await store.lookup('10.0.0.1')).toEqual({ status: 'none' });
    });

    it('an Interim-Update refreshes the session and keeps when it started', async () => {
      await store.record(session());
      clock = T0 + 30_000;
      const outcome = await store.record(
        session({ startedAt: T0 + 20_000, lastSeenAt: clock, expiresAt: clock + 60_000, lastEventAt: clock }),
      );
      expect(outcome).toBe('refreshed');
      const result = await store.lookup('10.0.0.1');
      expect(result.status === 'found' && result.session).toMatchObject({
        startedAt: T0,
        lastSeenAt: T0 + 30_000,
        expiresAt: T0 + 90_000,
      });
    });

    it('an Interim-Update creates the session when its Start was lost', async () => {
      expect(await store.record(session({ accountingSessionId: 'LOST' }))).toBe('created');
      expect((await store.lookup('10.0.0.1')).status).toBe('found');
    });

    it('a session not refreshed before it expires is gone', async () => {
      await store.record(session({ expiresAt: T0 + 60_000 }));
      clock = T0 + 59_999;
      expect((await store.lookup('10.0.0.1')).status).toBe('found');
      clock = T0 + 60_000;
      expect(await store.lookup('10.0.0.1')).toEqual({ status: 'none' });
    });

    it('Accounting-On/Off drops every session of that NAS and no other', async () => {
      await store.record(session({ accountingSessionId: 'A1', framedIpAddress: '10.0.0.1' }));
      await store.record(session({ accountingSessionId: 'A2', framedIpAddress: '10.0.0.2' }));
      await store.record(
        session({ accountingSessionId: 'C1', framedIpAddress: '10.0.0.3', nas: 'demo/pgw-2' }),
      );
      expect(await store.dropNas('demo/pgw-1')).toBe(2);
      expect(await store.lookup('10.0.0.1')).toEqual({ status: 'none' });
      expect(await store.lookup('10.0.0.2')).toEqual({ status: 'none' });
      expect((await store.lookup('10.0.0.3')).status).toBe('found');
      expect(await store.dropNas('demo/unknown')).toBe(0);
    });

    it('finds an IPv6 address inside a session delegated prefix, and not outside it', async () => {
      await store.record(session({ framedIpAddress: undefined, framedIpv6Prefix: '2001:db8:0:1::/64' }));
      expect((await store.lookup('2001:db8:0:1::1')).status).toBe('found');
      expect((await store.lookup('2001:db8:0:1:ffff:ffff:ffff:ffff')).status).toBe('found');
      expect(await store.lookup('2001:db8:0:2::1')).toEqual({ status: 'none' });
      await store.record(
        session({
          accountingSessionId: 'P56',
          framedIpAddress: undefined,
          framedIpv6Prefix: '2001:db8:aa00::/56',
        }),
      );
      const result = await store.lookup('2001:db8:aa00:42::9');
      expect(result.status === 'found' && result.session.framedIpv6Prefix).toBe('2001:db8:aa00::/56');
    });

    it('a dual-stack session goes entirely when either address is taken over', async () => {
      await store.record(session({ framedIpv6Prefix: '2001:db8:0:1::/64' }));
      await store.record(
        session({
          accountingSessionId: 'B2',
          framedIpv6Prefix: undefined,
          msisdn: '+447700900456',
          lastEventAt: T0 + 1,
        }),
      );
      expect(await store.lookup('2001:db8:0:1::1')).toEqual({ status: 'none' });
      const stop = { nas: 'demo/pgw-1', accountingSessionId: 'B2', framedIpv6Prefix: undefined };
      expect(await store.stop({ ...stop, framedIpAddress: '10.0.0.1' })).toBe('stopped');
    });

    it('says none (not unknown) for text that is not an address', async () => {
      expect(await store.lookup('not-an-address')).toEqual({ status: 'none' });
    });
  });
}
