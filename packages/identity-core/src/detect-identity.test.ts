import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectIdentity } from './detect-identity.js';
import { IDENTITY_HEADER_CATALOGUE, lookupHeader } from './header-catalogue.js';
import { matchHeaderName } from './header-name-rule.js';

const GB = { defaultCountry: 'GB' } as const;
// Luhn-valid IMEI and an IMSI with MCC 234 (GB): fixtures only.
const IMEI = '490154203237518';
const IMSI = '234150999999999';

const one = (name: string, value: string, options = {}) => detectIdentity([[name, value]], options);

describe('detectIdentity by catalogue name', () => {
  it('reports x-up-calling-line-id as a high-confidence msisdn explained as the 2012 leak header', () => {
    const [finding, ...rest] = one('X-Up-Calling-Line-ID', '447700900123');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ header: 'x-up-calling-line-id', kind: 'msisdn', confidence: 'high' });
    expect(finding?.entry?.name).toBe('x-up-calling-line-id');
    expect(finding?.reason).toMatch(/x-up-calling-line-id/);
    expect(finding?.reason).toMatch(/valid GB mobile/);
    expect(finding?.reason).toMatch(/January 2012.*O2 UK/);
    expect(finding?.reason).not.toMatch(/447700900123/);
  });

  it.each([
    ['x-nokia-msisdn', '447700900123', 'msisdn'],
    ['msisdn', '+447700900123', 'msisdn'],
    ['x-imsi', IMSI, 'imsi'],
    ['x-up-3gpp-imeisv', '4901542032375181', 'imei'],
    ['x-uidh', 'dGVzdC11aWRoLXZhbHVlLW5vdC1yZWFs', 'tracking-id'],
    ['x-vf-acr', 'dGVzdC12Zi1hY3ItdmFsdWUtbm90LXJlYWw=', 'tracking-id'],
    ['x-up-subno', 'swm_0000000000_vmag.example.net', 'subscriber-id'],
    ['x-forwarded-for', '100.64.12.7, 203.0.113.9', 'client-ip'],
    ['forwarded', 'for="[2001:db8::1]:4711";proto=http', 'client-ip'],
    ['x-subscriber-info', 'IP=10.103.132.128', 'client-ip'],
  ] as const)('reports %s carrying a value of its form as high-confidence %s', (name, value, kind) => {
    expect(one(name, value)).toMatchObject([{ header: name, kind, confidence: 'high' }]);
  });

  it('reports a catalogue header whose value is not in clear with medium confidence', () => {
    const [finding] = one('x-msisdn', 'dmwdovap66bFrvw=');
    expect(finding).toMatchObject({ kind: 'msisdn', confidence: 'medium' });
    expect(finding?.reason).toMatch(/hashed, encrypted or malformed/);
  });

  it('reports an empty catalogue header with low confidence', () => {
    expect(one('x-msisdn', '')).toMatchObject([{ kind: 'msisdn', confidence: 'low' }]);
  });

  it('reports a subscriber-id header that carries a phone number as msisdn', () => {
    expect(one('x-up-subno', '447700900123')).toMatchObject([{ kind: 'msisdn', confidence: 'high' }]);
  });

  it('finds every catalogue entry by name in any case', () => {
    for (const entry of IDENTITY_HEADER_CATALOGUE) {
      for (const name of [entry.name, entry.name.toUpperCase()]) {
        const findings = one(name, 'some-opaque-value');
        expect(findings, name).toHaveLength(1);
        expect(findings[0]?.header).toBe(entry.name);
        expect(findings[0]?.entry).toBe(entry);
      }
    }
  });
});

describe('detectIdentity by name suffix', () => {
  it.each([
    ['X-Acme-Calling-Line-ID', '447700900123', 'msisdn', 'high'],
    ['x-operator-msisdn', 'not-in-clear', 'msisdn', 'medium'],
    ['x-acme-imsi', IMSI, 'imsi', 'high'],
    ['x-device-imei', IMEI, 'imei', 'high'],
    ['x-acme-subno', 'abc123', 'subscriber-id', 'high'],
    ['x-acme-uid', 'abc123', 'subscriber-id', 'medium'],
    ['x-acme-uid', '447700900123', 'msisdn', 'high'],
    ['x-acme-uid', '', 'subscriber-id', 'low'],
    ['x-operator-clientip', '10.1.2.3', 'client-ip', 'high'],
  ] as const)('%s: %s → %s (%s)', (name, value, kind, confidence) => {
    const [finding] = one(name, value);
    expect(finding).toMatchObject({ header: name.toLowerCase(), kind, confidence });
    expect(finding?.entry).toBeUndefined();
    expect(finding?.reason).toMatch(/ends in or contains/);
  });

  it('drops a weak name guess when the value is plainly an address, a date or a UUID', () => {
    expect(one('cli-', '0.0.0.0')).toEqual([]);
    expect(one('x-session-uid', '550e8400-e29b-41d4-a716-446655440000')).toEqual([]);
    expect(one('x-mdn', '2024-01-10T12:34:56Z')).toEqual([]);
    expect(one('x-mdn', 'opaque')).toMatchObject([{ kind: 'msisdn', confidence: 'low' }]);
    expect(one('x-operator-msisdn', '10.0.0.1')).toMatchObject([{ kind: 'msisdn', confidence: 'medium' }]);
  });

  it('does not report user-agent or x-request-id with ordinary values', () => {
    expect(
      detectIdentity([
        ['User-Agent', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0.6099.144'],
        ['x-request-id', '550e8400-e29b-41d4-a716-446655440000'],
        ['x-forwarded-host', 'example.com'],
        ['accept', 'text/html'],
      ]),
    ).toEqual([]);
  });
});

describe('detectIdentity by value under any name', () => {
  it.each([
    ['447700900123', {}, 'medium'],
    ['+447700900123', {}, 'high'],
    ['+44 7700 900123', {}, 'high'],
    ['07700900123', GB, 'medium'],
    ['tel:+447700900123', {}, 'high'],
    ['tel:+44-7700-900123;phone-context=example.net', {}, 'high'],
    ['+44 7400 123456', {}, 'high'],
  ] as const)('reports %s as msisdn (%s options) with %s confidence', (value, options, confidence) => {
    const [finding] = one('x-anything', value, options);
    expect(finding).toMatchObject({ header: 'x-anything', kind: 'msisdn', confidence });
    expect(finding?.reason).toMatch(/not a known identity header/);
  });

  it('needs a default country for national forms', () => {
    expect(one('x-anything', '07700900123')).toEqual([]);
  });

  it('reports an IMSI and a Luhn-valid IMEI under ordinary names with low confidence', () => {
    expect(one('x-a', IMSI)).toMatchObject([{ kind: 'imsi', confidence: 'low' }]);
    expect(one('x-b', IMEI)).toMatchObject([{ kind: 'imei', confidence: 'low' }]);
    expect(one('x-b', '490154203237519')).toEqual([]);
  });

  it('finds a number inside a longer value, with low confidence', () => {
    expect(one('cookie', 'a=447700900123; b=2')).toMatchObject([{ kind: 'msisdn', confidence: 'low' }]);
    expect(one('referer', 'https://shop.example/?msisdn=%2B447700900123&x=1')).toMatchObject([
      { kind: 'msisdn', confidence: 'medium' },
    ]);
    // The FortiOS Carrier form: the gateway puts the number into a cookie.
    expect(one('cookie', 'id=0123jf!a;x-up-calling-line-id=447700900123')).toMatchObject([
      { kind: 'msisdn' },
    ]);
    expect(one('referer', 'https://shop.example/?msisdn=447700900123&x=1')).toMatchObject([
      { kind: 'msisdn' },
    ]);
    expect(one('cookie', 'sid=+447700900123')).toMatchObject([{ kind: 'msisdn', confidence: 'medium' }]);
  });

  it.each([
    '10.1.2.3',
    '203.0.113.7:51000',
    '2024-01-10T12:34:56Z',
    '2024-01-10T12:34:56.123+01:00',
    '1326187800',
    '1326187800123',
    '1704890096000',
    '550e8400-e29b-41d4-a716-446655440000',
    'ORD-2024-000123',
    '100045678',
    '20240110',
    '1299.99',
    '£1,299.00',
    'sid=s%3A8f7e2b1c9d0a4e5f',
    'session=550e8400e29b41d4a716446655440000',
    'W/"5e15153d-120f"',
    'max-age=31536000',
  ])('never reports the decoy %s as msisdn', (value) => {
    for (const name of ['x-anything', 'cookie', 'x-order-id', 'date', 'etag']) {
      expect(one(name, value, GB).filter((f) => f.kind === 'msisdn')).toEqual([]);
    }
  });

  it('never reports random IPv4 addresses, UUIDs or ISO dates under random names as msisdn', () => {
    const name = fc
      .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
      .filter((n) => lookupHeader(n) === undefined && matchHeaderName(n) === undefined);
    const ipv4 = fc.ipV4();
    const uuid = fc.uuid();
    const isoDate = fc
      .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
    // Millisecond timestamps before May 2033 (all start with 1): later ones collide with valid
    // +20/+2xx numbers and are reported at low confidence with a remark (see below).
    const epochMs = fc
      .date({
        min: new Date('2001-09-09T02:00:00Z'),
        max: new Date('2033-05-18T03:33:19Z'),
        noInvalidDate: true,
      })
      .map((d) => String(d.getTime()));
    fc.assert(
      fc.property(name, fc.oneof(ipv4, uuid, isoDate, epochMs), (n, v) => {
        const findings = detectIdentity([[n, v]], GB);
        return findings.every((f) => f.kind !== 'msisdn');
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a value that is both a valid number and a plausible timestamp at low confidence', () => {
    const [finding] = one('x-a', '2347010000000');
    expect(finding).toMatchObject({ kind: 'msisdn', confidence: 'low' });
    expect(finding?.reason).toMatch(/timestamp/);
  });
});

describe('detectIdentity input forms', () => {
  it('accepts Node IncomingHttpHeaders with arrays and undefined', () => {
    const findings = detectIdentity({
      'x-up-calling-line-id': '447700900123',
      'set-cookie': ['a=1', 'b=447700900124'],
      'x-missing': undefined,
      host: 'example.com',
    });
    expect(findings.map((f) => [f.header, f.kind])).toEqual([
      ['x-up-calling-line-id', 'msisdn'],
      ['set-cookie', 'msisdn'],
    ]);
  });

  it('keeps one finding per header and kind, the most confident, from duplicates', () => {
    const findings = detectIdentity([
      ['x-msisdn', 'encrypted-token'],
      ['X-MSISDN', '447700900123'],
      ['x-msisdn', ''],
    ]);
    expect(findings).toMatchObject([{ header: 'x-msisdn', kind: 'msisdn', confidence: 'high' }]);
  });

  it('reads Node-joined duplicate values', () => {
    expect(one('x-msisdn', 'garbage, 447700900123')).toMatchObject([{ confidence: 'high' }]);
  });

  it('copes with huge values, many duplicates and odd bytes quickly', () => {
    const huge = `${'a'.repeat(1_000_000)}447700900123`;
    const pairs: [string, string][] = Array.from({ length: 5000 }, () => ['x-msisdn', '447700900123']);
    pairs.push(['x-huge', huge], ['x-bytes', '\u0000\uFFFD\u00ff447700900123\u0001']);
    const started = performance.now();
    const findings = detectIdentity(pairs);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(findings.filter((f) => f.header === 'x-msisdn')).toHaveLength(1);
    expect(findings.find((f) => f.header === 'x-huge')).toBeUndefined();
  });
});
