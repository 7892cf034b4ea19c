import { isIPv4, isIPv6 } from 'node:net';

/**
 * Delegated IPv6 prefix lengths a session may hold, longest first. A lookup tries each, so the
 * set is small and fixed: every store (and every Redis lookup, in one MGET) knows all candidates.
 */
export const IPV6_PREFIX_LENGTHS = [64, 60, 56, 52, 48] as const;
export type Ipv6PrefixLength = (typeof IPV6_PREFIX_LENGTHS)[number];

/** An address as the session table indexes it: IPv4 as a uint32, IPv6 as its 16 octets. */
export type ParsedAddress =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly octets: Uint8Array };

/** An IPv6 prefix: network octets (bits past `length` zeroed) and its length. */
export interface Ipv6Prefix {
  readonly octets: Uint8Array;
  readonly length: number;
}

/**
 * Parses a textual address as a socket reports it. IPv4-mapped IPv6 (`::ffff:192.0.2.1`) is the
 * IPv4 address: a dual-stack listener reports IPv4 clients that way.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  const value = parseIpv4(text);
  if (value >= 0) return { family: 4, value };
  if (!isIPv6(text)) return undefined;
  const lower = text.toLowerCase();
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) {
    return { family: 4, value: ipv4ToUint32(lower.slice(7)) };
  }
  return { family: 6, octets: ipv6ToOctets(lower) };
}

/**
 * Strict dotted-quad IPv4 (no leading zeros, each part ≤ 255) to uint32, or -1. Hand-rolled:
 * this is on every lookup, and a regular expression costs several times more.
 */
export function parseIpv4(text: string): number {
  const length = text.length;
  if (length < 7 || length > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // leading zero
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

export function ipv4ToUint32(text: string): number {
  let value = 0;
  let part = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + part;
      part = 0;
    } else {
      part = part * 10 + (c - 48);
    }
  }
  return (value * 256 + part) >>> 0;
}

export function uint32ToIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Octets of a valid textual IPv6 address (checked by the caller with `isIPv6`). */
export function ipv6ToOctets(text: string): Uint8Array {
  const octets = new Uint8Array(16);
  let head = text;
  let tail = '';
  const gap = text.indexOf('::');
  if (gap >= 0) {
    head = text.slice(0, gap);
    tail = text.slice(gap + 2);
  }
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = ipv4ToUint32(piece);
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const first = groups(head);
  const last = groups(tail);
  const all = [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  all.forEach((group, i) => {
    octets[i * 2] = group >>> 8;
    octets[i * 2 + 1] = group & 255;
  });
  return octets;
}

/** Compressed textual form (RFC 5952) of 16 octets, via Node's own formatter. */
export function octetsToIpv6(octets: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/**
 * Decodes a Framed-IPv6-Prefix value (RFC 3162 §2.3: reserved octet, prefix length, then only
 * the octets the length needs). Returns `undefined` for a malformed value.
 */
export function decodeFramedIpv6Prefix(value: Buffer): Ipv6Prefix | undefined {
  if (value.length < 2 || value.length > 18) return undefined;
  const length = value[1] ?? 0;
  if (length > 128 || value.length - 2 < Math.ceil(length / 8)) return undefined;
  const octets = new Uint8Array(16);
  value.copy(octets, 0, 2, Math.min(value.length, 18));
  return { octets: maskOctets(octets, length), length };
}

export function maskOctets(octets: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, length - i * 8));
    out[i] = (octets[i] ?? 0) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** The index key of an IPv6 address or prefix at one prefix length: `56/2001db8aabbcc00`. */
export function ipv6PrefixKey(octets: Uint8Array, length: number): string {
  const masked = maskOctets(octets, length);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (masked[i] ?? 0).toString(16).padStart(2, '0');
  return `${length}/${hex}`;
}

export function formatIpv6Prefix(prefix: Ipv6Prefix): string {
  return `${octetsToIpv6(prefix.octets)}/${prefix.length}`;
}

/** Parses `2001:db8::/56` (the form sessions and the admin API use). */
export function parseIpv6Prefix(text: string): Ipv6Prefix | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const length = Number(text.slice(slash + 1));
  if (!isIPv6(address) || !Number.isInteger(length) || length < 0 || length > 128) return undefined;
  return { octets: maskOctets(ipv6ToOctets(address.toLowerCase()), length), length };
}
