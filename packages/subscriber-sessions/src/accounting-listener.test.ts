import radius from 'radius';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisSessionStore } from './redis-session-store.js';
import {
  accountingRequest,
  exchange,
  ipv6PrefixValue,
  openClientSocket,
} from './testing/accounting-packets.js';
import {
  dropCount,
  type ListenerFixture,
  startListenerFixture,
  T0_SECONDS,
  TEST_SECRET,
} from './testing/listener-fixture.js';

const start = { statusType: 'Start', sessionId: 'A1', msisdn: '447700900123', ipv4: '10.0.0.1' } as const;

describe('accounting listener over UDP', () => {
  let fixture: ListenerFixture;
  beforeEach(async () => {
    fixture = await startListenerFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });
  const send = (datagrams: Buffer[], expect?: number) =>
    exchange(fixture.port, datagrams, { expect, waitMs: expect === 0 ? 200 : 1000 });

  it('records a Start and answers with a correctly signed Accounting-Response', async () => {
    const request = accountingRequest(
      { ...start, msisdn: '07700900123', imsi: '234150000000001', imeisv: '3566210000000101', ratType: 6 },
      TEST_SECRET,
      7,
    );
    const [response] = await send([request]);
    expect(response?.[0]).toBe(5);
    expect(response?.[1]).toBe(7);
    expect(
      radius.verify_response({ request, response: Buffer.from(response ?? []), secret: TEST_SECRET }),
    ).toBe(true);
    const result = await fixture.store.lookup('10.0.0.1');
    expect(result.status === 'found' && result.session).toMatchObject({
      msisdn: '+447700900123',
      imsi: '234150000000001',
      imeisv: '3566210000000101',
      ratType: 6,
      nas: 'demo/pgw-1',
      accountingSessionId: 'A1',
    });
  });

  it('removes the session on a Stop with the same Acct-Session-Id', async () => {
    await send([accountingRequest(start, TEST_SECRET, 1)]);
    await send([
      accountingRequest({ statusType: 'Stop', sessionId: 'A1', ipv4: '10.0.0.1' }, TEST_SECRET, 2),
    ]);
    expect(await fixture.store.lookup('10.0.0.1')).toEqual({ status: 'none' });
  });

  it('drops a request signed with the wrong secret: no answer, nothing changes', async () => {
    await send([accountingRequest(start, TEST_SECRET, 1)]);
    const forged = accountingRequest(
      { ...start, sessionId: 'EVIL', msisdn: '447700900666', eventTimestamp: T0_SECONDS + 60 },
      'not-the-secret',
      2,
    );
    expect(await send([forged], 0)).toHaveLength(0);
    const result = await fixture.store.lookup('10.0.0.1');
    expect(result.status === 'found' && result.session.msisdn).toBe('+447700900123');
    expect(await dropCount(fixture.metrics, 'bad-authenticator')).toBe(1);
  });

  it('gives a reused address to the new holder', async () => {
    await send([accountingRequest({ ...start, eventTimestamp: T0_SECONDS - 60 }, TEST_SECRET, 1)]);
    await send([
      accountingRequest(
        { ...start, sessionId: 'B2', msisdn: '447700900456', eventTimestamp: T0_SECONDS },
        TEST_SECRET,
        2,
      ),
    ]);
    const result = await fixture.store.lookup('10.0.0.1');
    expect(result.status === 'found' && result.session.msisdn).toBe('+447700900456');
  });

  it('answers a retransmission again without re-applying it', async () => {
    const socket = await openClientSocket();
    const first = accountingRequest({ ...start, eventTimestamp: T0_SECONDS - 10 }, TEST_SECRET, 1);
    const [answer] = await exchange(fixture.port, [first], { socket });
    await send([
      accountingRequest(
        { ...start, sessionId: 'B2', msisdn: '447700900456', eventTimestamp: T0_SECONDS - 10 },
        TEST_SECRET,
        2,
      ),
    ]);
    const [again] = await exchange(fixture.port, [first], { socket });
    socket.close();
    expect(again).toEqual(answer);
    const result = await fixture.store.lookup('10.0.0.1');
    expect(result.status === 'found' && result.session.msisdn).toBe('+447700900456');
    expect((await fixture.metrics.retransmissions.get()).values[0]?.value).toBe(1);
  });

  it('counts requests, changes and responses in the Prometheus text, once each across scrapes', async () => {
    const socket = await openClientSocket();
    const first = accountingRequest(start, TEST_SECRET, 1);
    await exchange(fixture.port, [first], { socket });
    await exchange(fixture.port, [first], { socket }); // a retransmission: answered, not applied
    socket.close();
    await send([accountingRequest({ ...start, statusType: 'Interim-Update' }, TEST_SECRET, 2)]);
    await fixture.metrics.registry.metrics(); // an earlier scrape must not be counted twice
    const text = await fixture.metrics.registry.metrics();
    expect(text).toContain('linekeeper_radius_requests_total{status_type="Start"} 1\n');
    expect(text).toContain('linekeeper_radius_requests_total{status_type="Interim-Update"} 1\n');
    expect(text).toContain('linekeeper_session_changes_total{outcome="created"} 1\n');
    expect(text).toContain('linekeeper_session_changes_total{outcome="refreshed"} 1\n');
    expect(text).toContain('linekeeper_radius_responses_total 3\n');
    expect(text).toContain('linekeeper_radius_retransmissions_total 1\n');
    expect(text).toContain('linekeeper_radius_dropped_total{reason="bad-authenticator"} 0\n');
  });

  it('binds to a host given by name and answers there', async () => {
    const named = await startListenerFixture({ host: 'localhost' });
    try {
      expect(named.listener.address.address).toBe('127.0.0.1');
      const [response] = await exchange(named.port, [accountingRequest(start, TEST_SECRET, 5)]);
      expect(response?.[0]).toBe(5);
    } finally {
      await named.close();
    }
  });

  it('drops every session of a NAS on Accounting-On', async () => {
    await send([
      accountingRequest(start, TEST_SECRET, 1),
      accountingRequest({ ...start, sessionId: 'A2', ipv4: '10.0.0.2' }, TEST_SECRET, 2),
      accountingRequest(
        { ...start, sessionId: 'C1', ipv4: '10.0.0.3', nasIdentifier: 'pgw-2' },
        TEST_SECRET,
        3,
      ),
    ]);
    await send([accountingRequest({ statusType: 'Accounting-On' }, TEST_SECRET, 4)]);
    expect(await fixture.store.lookup('10.0.0.1')).toEqual({ status: 'none' });
    expect(await fixture.store.lookup('10.0.0.2')).toEqual({ status: 'none' });
    expect((await fixture.store.lookup('10.0.0.3')).status).toBe('found');
  });

  it('expires a session not refreshed within 2.5 × its interim interval', async () => {
    await send([accountingRequest({ ...start, interimInterval: 300 }, TEST_SECRET, 1)]);
    fixture.clock.now += 749_000;
    expect((await fixture.store.lookup('10.0.0.1')).status).toBe('found');
    fixture.clock.now += 2000;
    expect(await fixture.store.lookup('10.0.0.1')).toEqual({ status: 'none' });
  });

  it('an Interim-Update keeps a session alive and creates one whose Start was lost', async () => {
    await send([accountingRequest({ ...start, interimInterval: 60 }, TEST_SECRET, 1)]);
    fixture.clock.now += 100_000;
    await send([
      accountingRequest({ ...start, statusType: 'Interim-Update', interimInterval: 60 }, TEST_SECRET, 2),
    ]);
    fixture.clock.now += 100_000;
    expect((await fixture.store.lookup('10.0.0.1')).status).toBe('found');
    await send([
      accountingRequest(
        { ...start, statusType: 'Interim-Update', sessionId: 'L1', ipv4: '10.0.0.9' },
        TEST_SECRET,
        3,
      ),
    ]);
    expect((await fixture.store.lookup('10.0.0.9')).status).toBe('found');
  });

  it('learns an IPv6 delegated prefix and finds addresses inside it', async () => {
    const prefix = ipv6PrefixValue([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1], 64);
    await send([accountingRequest({ ...start, ipv4: undefined, ipv6Prefix: prefix }, TEST_SECRET, 1)]);
    const result = await fixture.store.lookup('2001:db8:0:1:a:b:c:d');
    expect(result.status === 'found' && result.session.framedIpv6Prefix).toBe('2001:db8:0:1::/64');
    expect(await fixture.store.lookup('2001:db8:0:2::1')).toEqual({ status: 'none' });
  });

  it('copies Proxy-State into the answer', async () => {
    const request = accountingRequest({ ...start, proxyState: Buffer.from('hop-1') }, TEST_SECRET, 3);
    const [response] = await send([request]);
    expect(response?.includes(Buffer.from('hop-1'))).toBe(true);
    expect(
      radius.verify_response({ request, response: Buffer.from(response ?? []), secret: TEST_SECRET }),
    ).toBe(true);
  });

  it('answers other status types without touching sessions', async () => {
    expect(await send([accountingRequest({ statusType: 'Failed' }, TEST_SECRET, 1)])).toHaveLength(1);
  });
});

describe('accounting listener with an unusable store or client', () => {
  it('drops sources that are not configured NAS clients', async () => {
    const fixture = await startListenerFixture({
      clients: [{ name: 'elsewhere', address: '127.0.0.2', secret: TEST_SECRET }],
    });
    expect(
      await exchange(fixture.port, [accountingRequest(start, TEST_SECRET)], { waitMs: 200 }),
    ).toHaveLength(0);
    expect(await dropCount(fixture.metrics, 'unknown-client')).toBe(1);
    await fixture.close();
  });

  it('does not answer what it could not record (Redis down), so the NAS retransmits', async () => {
    const fixture = await startListenerFixture({
      store: (now, metrics) => createRedisSessionStore({ url: 'redis://127.0.0.1:1', now, metrics }),
    });
    expect(
      await exchange(fixture.port, [accountingRequest(start, TEST_SECRET)], { waitMs: 300 }),
    ).toHaveLength(0);
    expect(await dropCount(fixture.metrics, 'store-unavailable')).toBe(1);
    expect(await fixture.store.lookup('10.0.0.1')).toEqual({ status: 'unknown' });
    await fixture.close();
  });
});
