import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A parsed CIDR: the network address with host bits cleared, written canonically. */
export interface Cidr {
  readonly family: 'ipv4' | 'ipv6';
  readonly network: string;
  readonly prefix: number;
  /** `network/prefix`, the form diffs compare. */
  readonly text: string;
  /** True when the written address had host bits set (`127.0.0.1/8`). */
  readonly hadHostBits: boolean;
  /** The network address, 4 or 16 bytes. */
  readonly bytes: readonly number[];
}

export function isValidCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bytes = isIPv4(address) ? parseIPv4(address) : isIPv6(address) ? parseIPv6(address) : undefined;
  if (!bytes || prefix > bytes.length * 8) return undefined;
  const masked = bytes.map((byte, index) => {
    const bits = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  const family = bytes.length === 4 ? 'ipv4' : 'ipv6';
  const network = family === 'ipv4' ? masked.join('.') : formatIPv6(masked);
  return {
    family,
    network,
    prefix,
    text: `${network}/${prefix}`,
    hadHostBits: masked.some((byte, index) => byte !== bytes[index]),
    bytes: masked,
  };
}

/** True when every address in `inner` is also in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  return outer.bytes.every((byte, index) => {
    const bits = Math.min(8, Math.max(0, outer.prefix - index * 8));
    const mask = (0xff << (8 - bits)) & 0xff;
    return ((inner.bytes[index] ?? 0) & mask) === byte;
  });
}

/** One BlockList per pool, built once; lookups handle IPv4-mapped IPv6 (`::ffff:127.0.0.2`). */
export function compileAddressPools(pools: Readonly<Record<string, readonly string[]>>): {
  poolsOf(address: string): readonly string[];
} {
  const compiled = Object.entries(pools).map(([name, cidrs]) => {
    const list = new BlockList();
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if (!cidr) throw new Error(`pool ${name}: ${text} is not a CIDR`);
      list.addSubnet(cidr.network, cidr.prefix, cidr.family);
    }
    return { name, list };
  });
  return {
    poolsOf(address) {
      const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
      if (!family) return [];
      return compiled.filter((pool) => pool.list.check(address, family)).map((pool) => pool.name);
    },
  };
}

function parseIPv4(text: string): number[] {
  return text.split('.').map(Number);
}

function parseIPv6(text: string): number[] | undefined {
  let rest = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 address (::ffff:127.0.0.2) becomes its two 16-bit groups.
    const [a = 0, b = 0, c = 0, d = 0] = parseIPv4(last);
    rest = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left = '', right, extra] = rest.split('::');
  if (extra !== undefined) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const words =
    right === undefined
      ? l
      : [...l, ...new Array<number>(Math.max(0, 8 - l.length - r.length)).fill(0), ...r];
  if (words.length !== 8 || words.some((word) => Number.isNaN(word))) return undefined;
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

function formatIPv6(bytes: number[]): string {
  const words: string[] = [];
  for (let index = 0; index < 16; index += 2) {
    words.push((((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0)).toString(16));
  }
  // Let the WHATWG URL parser compress the longest zero run, as RFC 5952 says.
  return new URL(`http://[${words.join(':')}]/`).hostname.slice(1, -1);
}
