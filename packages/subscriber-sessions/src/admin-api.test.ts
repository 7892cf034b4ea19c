import { parseConfig } from '@linekeeper/identity-core';
import { describe, expect, it } from 'vitest';
import { createAdminApi, maskIdentifier } from './admin-api.js';
import { createMemorySessionStore } from './memory-session-store.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { createSessionMetrics } from './session-metrics.js';
import { subscriberSessionsConfigSchema } from './subscriber-sessions-config.js';

const NOW = 1_763_770_000_000;
const TOKEN = 'an-admin-token-that-is-long-enough-0123';

async function withSession(token?: string) {
  const metrics = createSessionMetrics();
  const store = createMemorySessionStore({ now: () => NOW, metrics, sweepIntervalMs: 0 });
  await store.record({
    msisdn: '+447700900123',
    imsi: '234150000000001',
    imeisv: '3566210000000101',
    ratType: 6,
    nas: 'demo/pgw-1',
    accountingSessionId: 'A1',
    framedIpAddress: '10.0.0.1',
    framedIpv6Prefix: undefined,
    startedAt: NOW,
    lastSeenAt: NOW,
    expiresAt: NOW + 60_000,
    lastEventAt: NOW,
  });
  return createAdminApi({ store, metrics, token });
}

describe('admin API', () => {
  it('serves a session with identifiers masked, and in full with ?reveal=1', async () => {
    const app = await withSession();
    const masked = await app.inject('/sessions/10.0.0.1');
    expect(masked.statusCode).toBe(200);
    expect(masked.headers['cache-control']).toBe('no-store');
    expect(masked.json()).toMatchObject({
      msisdn: '+44********23',
      imsi: '23415**********',
      imeisv: '35662100********',
      masked: true,
      framedIpAddress: '10.0.0.1',
    });
    expect(masked.body).not.toContain('7700900123');
    const revealed = await app.inject('/sessions/10.0.0.1?reveal=1');
    expect(revealed.json()).toMatchObject({ msisdn: '+447700900123', masked: false });
  });

  it('looks up IPv6 addresses inside a delegated prefix', async () => {
    const metrics = createSessionMetrics();
    const store = createMemorySessionStore({ now: () => NOW, metrics, sweepIntervalMs: 0 });
    await store.record({
      msisdn: '+447700900124',
      imsi: undefined,
      imeisv: undefined,
      ratType: undefined,
      nas: 'demo/pgw-1',
      accountingSessionId: 'V6',
      framedIpAddress: undefined,
      framedIpv6Prefix: '2001:db8:0:7::/64',
      startedAt: NOW,
      lastSeenAt: NOW,
      expiresAt: NOW + 60_000,
      lastEventAt: NOW,
    });
    const app = createAdminApi({ store, metrics });
    const response = await app.inject('/sessions/2001:db8:0:7::beef');
    expect(response.json()).toMatchObject({
      framedIpv6Prefix: '2001:db8:0:7::/64',
      imsi: null,
      framedIpAddress: null,
    });
    expect((await app.inject('/sessions/2001%3Adb8%3A0%3A7%3A%3A1')).statusCode).toBe(200);
  });

  it('answers problem JSON with stable codes', async () => {
    const app = await withSession();
    const missing = await app.inject('/sessions/10.0.0.2');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'ERR_SESSION_NOT_FOUND', status: 404 });
    const invalid = await app.inject('/sessions/not-an-ip');
    expect(invalid.json()).toMatchObject({ code: 'ERR_ADDRESS_INVALID', status: 400 });
  });

  it('says 503 ERR_STORE_UNAVAILABLE when the store cannot answer', async () => {
    const metrics = createSessionMetrics();
    const store = createRedisSessionStore({ url: 'redis://127.0.0.1:1', metrics });
    const app = createAdminApi({ store, metrics });
    const response = await app.inject('/sessions/10.0.0.1');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect((await app.inject('/healthz')).statusCode).toBe(503);
    await store.close();
  });

  it('serves Prometheus metrics and health', async () => {
    const app = await withSession();
    await app.inject('/sessions/10.0.0.1');
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('linekeeper_session_lookups_total{result="found"} 1');
    expect(metrics.body).toContain('linekeeper_radius_dropped_total{reason="bad-authenticator"} 0');
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
  });

  it('requires the bearer token when one is configured', async () => {
    const app = await withSession(TOKEN);
    const anonymous = await app.inject('/sessions/10.0.0.1');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'ERR_ADMIN_UNAUTHORIZED' });
    const wrong = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({
      url: '/sessions/10.0.0.1',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).toBe(200);
  });
});

describe('subscriber-sessions config', () => {
  const client = { name: 'pgw', cidr: '10.0.0.0/24', secret: 'a-long-shared-secret' };

  it('refuses clients that share a name or a source', () => {
    expect(() =>
      parseConfig(subscriberSessionsConfigSchema, { clients: [client, { ...client, cidr: '10.0.1.0/24' }] }),
    ).toThrow(/clients\.1\.name: is used by another client/);
    expect(() =>
      parseConfig(subscriberSessionsConfigSchema, { clients: [client, { ...client, name: 'other' }] }),
    ).toThrow(/clients\.1: 10\.0\.0\.0\/24 is listed twice/);
  });

  it('refuses a non-loopback admin API without a token', () => {
    expect(() =>
      parseConfig(subscriberSessionsConfigSchema, {
        clients: [client],
        admin: { host: '0.0.0.0', port: 9090 },
      }),
    ).toThrow(/admin\.token: required when admin\.host \(0\.0\.0\.0\) is not a loopback address/);
    const config = parseConfig(subscriberSessionsConfigSchema, {
      clients: [client],
      admin: { host: '0.0.0.0', port: 9090, token: TOKEN },
    });
    expect(config.admin.token).toBe(TOKEN);
  });

  it('names every bad key, rejects unknown keys, and has no default NAS client', () => {
    expect(() => parseConfig(subscriberSessionsConfigSchema, {})).toThrow(/clients/);
    expect(() =>
      parseConfig(subscriberSessionsConfigSchema, {
        clients: [{ ...client, secret: 'short' }],
        store: { kind: 'redis', url: 'http://x' },
        colour: 'blue',
      }),
    ).toThrow(/clients\.0\.secret[\s\S]*store\.url[\s\S]*colour/);
  });

  it('defaults to the embedded store, loopback admin API and GB numbers', () => {
    const config = parseConfig(subscriberSessionsConfigSchema, { clients: [client] });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 1813,
      store: { kind: 'memory' },
      defaultCountry: 'GB',
      admin: { host: '127.0.0.1', port: 9090 },
    });
    expect(Object.isFrozen(config.admin)).toBe(true);
  });
});

describe('maskIdentifier', () => {
  it('masks everything when the value is too short to keep anything', () => {
    expect(maskIdentifier('1234', 3, 2)).toBe('****');
  });
});
