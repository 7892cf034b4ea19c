import { isIPv4 } from 'node:net';
import { domainToASCII } from 'node:url';

/** A destination host after normalisation: exact, or `*.base` (every subdomain of base, not base). */
export interface HostPattern {
  readonly kind: 'exact' | 'wildcard';
  /** Lower-case ASCII (IDNA) host without a trailing dot; for a wildcard, the base domain. */
  readonly host: string;
}

const ASCII_HOST = /^[a-z0-9.-]+$/;
// One pass over the whole name: labels of 1–63 letters, digits and inner hyphens.
const DNS_NAME = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalises a host as the gateway sees it (Host header or request target): case-folded,
 * trailing dot removed, internationalised names converted to their IDNA ASCII form, so that
 * `Partner.Demo.` and `partner.demo` are one host. Returns `undefined` for anything that is not a
 * valid DNS name or IPv4 address, which therefore never matches a policy destination.
 */
export function normaliseHost(raw: string): string | undefined {
  let host = raw.toLowerCase();
  if (!ASCII_HOST.test(host)) {
    host = domainToASCII(host);
    if (host === '') return undefined;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '' || host.length > 253) return undefined;
  if (!DNS_NAME.test(host)) return undefined;
  // A name whose last label is all digits is an IPv4 address, or nothing WHATWG URL would accept.
  const last = host.charCodeAt(host.length - 1);
  if (last >= 0x30 && last <= 0x39 && /(?:^|\.)[0-9]+$/.test(host)) return isIPv4(host) ? host : undefined;
  return host;
}

/** Normalises a policy host: `partner.com`, `*.partner.com`; `undefined` when invalid. */
export function normaliseHostPattern(raw: string): HostPattern | undefined {
  if (raw.startsWith('*.')) {
    const base = normaliseHost(raw.slice(2));
    if (base === undefined || isIPv4(base)) return undefined;
    return { kind: 'wildcard', host: base };
  }
  const host = normaliseHost(raw);
  return host === undefined ? undefined : { kind: 'exact', host };
}

/** True when `pattern` covers the normalised `host` (a wildcard never covers its own base). */
export function hostPatternCovers(pattern: HostPattern, host: string): boolean {
  if (pattern.kind === 'exact') return pattern.host === host;
  return host.length > pattern.host.length + 1 && host.endsWith(`.${pattern.host}`);
}

/** True when every host `inner` covers is also covered by `outer`. */
export function hostPatternContains(outer: HostPattern, inner: HostPattern): boolean {
  if (outer.kind === 'exact') return inner.kind === 'exact' && inner.host === outer.host;
  if (inner.kind === 'exact') return hostPatternCovers(outer, inner.host);
  return inner.host === outer.host || inner.host.endsWith(`.${outer.host}`);
}

export function formatHostPattern(pattern: HostPattern): string {
  return pattern.kind === 'wildcard' ? `*.${pattern.host}` : pattern.host;
}
