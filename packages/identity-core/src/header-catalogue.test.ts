import { describe, expect, it } from 'vitest';
import { IDENTITY_HEADER_CATALOGUE, isIdentityHeaderName, lookupHeader } from './header-catalogue.js';
import { matchHeaderName, normaliseHeaderName } from './header-name-rule.js';
import { IDENTIFIER_KINDS } from './identity-finding.js';

describe('IDENTITY_HEADER_CATALOGUE', () => {
  it('is large: well over 50 names', () => {
    expect(IDENTITY_HEADER_CATALOGUE.length).toBeGreaterThan(60);
  });

  it('has no duplicate names and only lower-case names', () => {
    const names = IDENTITY_HEADER_CATALOGUE.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toBe(name.toLowerCase());
      expect(name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    }
  });

  it('fills every field of every entry with a known kind', () => {
    for (const entry of IDENTITY_HEADER_CATALOGUE) {
      for (const field of ['name', 'carries', 'usedBy', 'format', 'source'] as const) {
        expect(entry[field].trim(), `${entry.name}.${field}`).not.toBe('');
      }
      expect(IDENTIFIER_KINDS).toContain(entry.kind);
      if (entry.note !== undefined) expect(entry.note.trim()).not.toBe('');
    }
  });

  it('covers every kind of identifier', () => {
    const kinds = new Set(IDENTITY_HEADER_CATALOGUE.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual([...IDENTIFIER_KINDS].sort());
  });

  it('is frozen, entries included', () => {
    expect(Object.isFrozen(IDENTITY_HEADER_CATALOGUE)).toBe(true);
    for (const entry of IDENTITY_HEADER_CATALOGUE) expect(Object.isFrozen(entry)).toBe(true);
    expect(() => (IDENTITY_HEADER_CATALOGUE as unknown as unknown[]).push({})).toThrow();
  });

  it('says what x-up-calling-line-id carries, who used it and that the 2012 O2 UK leak sent it', () => {
    const entry = lookupHeader('x-up-calling-line-id');
    expect(entry?.kind).toBe('msisdn');
    expect(entry?.carries).toMatch(/MSISDN/);
    expect(entry?.usedBy).toMatch(/Openwave/);
    expect(entry?.usedBy).toMatch(/WAP gateway/);
    expect(entry?.note).toMatch(/January 2012/);
    expect(entry?.note).toMatch(/O2 UK/);
    expect(entry?.note).toMatch(/every website/);
  });

  it.each([
    ['x-uidh', 'tracking-id', /Verizon/],
    ['x-acr', 'tracking-id', /AT&T/],
    ['x-vf-acr', 'tracking-id', /Vodafone/],
    ['x-nokia-msisdn', 'msisdn', /Nokia/],
    ['x-h3g-msisdn', 'msisdn', /Three/],
    ['x-up-subno', 'subscriber-id', /Openwave/],
    ['x-nokia-imsi', 'imsi', /Nokia/],
    ['x-up-3gpp-imeisv', 'imei', /Openwave/],
    ['forwarded', 'client-ip', /proxies/],
  ] as const)('lists %s as %s', (name, kind, usedBy) => {
    expect(lookupHeader(name)).toMatchObject({ name, kind });
    expect(lookupHeader(name)?.usedBy).toMatch(usedBy);
  });
});

describe('lookupHeader', () => {
  it('finds every entry by its name in lower, upper, title and mixed case', () => {
    for (const entry of IDENTITY_HEADER_CATALOGUE) {
      const title = entry.name.replace(
        /(^|[-_])([a-z])/g,
        (_m, sep: string, c: string) => sep + c.toUpperCase(),
      );
      const mixed = [...entry.name].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
      for (const variant of [entry.name, entry.name.toUpperCase(), title, mixed]) {
        expect(lookupHeader(variant), variant).toBe(entry);
      }
    }
  });

  it('finds nothing for ordinary headers', () => {
    for (const name of ['user-agent', 'accept', 'cookie', 'host', 'x-request-id', 'via', 'referer']) {
      expect(lookupHeader(name)).toBeUndefined();
    }
  });
});

describe('isIdentityHeaderName', () => {
  it('is true for every catalogue name', () => {
    for (const entry of IDENTITY_HEADER_CATALOGUE) expect(isIdentityHeaderName(entry.name)).toBe(true);
  });

  it.each([
    'X-Nokia-CallingLineId',
    'nokia-callinglineid',
    'x-foo-msisdn',
    'X_Operator_MSISDN',
    'x-msisdn-hash',
    'x-imsi-encrypted',
    'x-device-imei',
    'x-sub-no',
    'x-acme-subscriber-id',
    'x-vendor-uidh',
    'x-wap-3gpp-imsi',
    'x-operator-clientip',
    'x-radius-calling-station-id',
  ])('is true for the identity-looking name %s', (name) => {
    expect(isIdentityHeaderName(name)).toBe(true);
  });

  it.each([
    'user-agent',
    'accept-language',
    'x-request-id',
    'x-request-uuid',
    'x-correlation-id',
    'x-amzn-trace-id',
    'content-md5',
    'x-forwarded-host',
    'x-forwarded-proto',
    'x-wap-profile',
    'cookie',
    'x-time-index',
  ])('is false for the ordinary name %s', (name) => {
    expect(isIdentityHeaderName(name)).toBe(false);
  });
});

describe('matchHeaderName', () => {
  it('normalises the way analytics vendors do', () => {
    expect(normaliseHeaderName('X-Up-Calling-Line-ID')).toBe('upcallinglineid');
    expect(normaliseHeaderName('X-Hts_clid')).toBe('htsclid');
    expect(normaliseHeaderName('x-h3g-msisdn')).toBe('hgmsisdn');
  });

  it.each([
    ['x-acme-callinglineid', 'msisdn', 'strong'],
    ['x-acme-msisdn', 'msisdn', 'strong'],
    ['x-acme-subno', 'subscriber-id', 'strong'],
    ['x-acme-imsi', 'imsi', 'strong'],
    ['x-acme-imei', 'imei', 'strong'],
    ['x-acme-uid', 'subscriber-id', 'weak'],
    ['x-acme-forwarded-for', 'client-ip', 'strong'],
    ['x-acme-wapipaddr', 'client-ip', 'strong'],
  ] as const)('matches %s as %s (%s)', (name, kind, strength) => {
    expect(matchHeaderName(name)).toMatchObject({ kind, strength });
  });
});
