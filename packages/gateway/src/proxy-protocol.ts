import { isIP } from 'node:net';

/** What a PROXY protocol header said (HAProxy's spec, v1 text and v2 binary). */
export type ProxyHeaderResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly detail: string }
  /** `source` undefined: a LOCAL / UNKNOWN header (the balancer's own health check). */
  | { readonly kind: 'ok'; readonly consumed: number; readonly source: string | undefined };

const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_MAX = 107;
const V1 =
  /^PROXY (?:UNKNOWN[^\r\n]*|TCP4 ([0-9.]{7,15}) ([0-9.]{7,15}) (\d{1,5}) (\d{1,5})|TCP6 ([0-9a-fA-F:.]{2,45}) ([0-9a-fA-F:.]{2,45}) (\d{1,5}) (\d{1,5}))\r\n$/;

/** Parses the PROXY header at the start of `data`; asks for more bytes while it is incomplete. */
export function parseProxyHeader(data: Buffer): ProxyHeaderResult {
  const probe = Math.min(data.length, V2_SIGNATURE.length);
  if (data.subarray(0, probe).equals(V2_SIGNATURE.subarray(0, probe))) {
    return data.length < 16 ? { kind: 'incomplete' } : parseV2(data);
  }
  const prefix = Math.min(data.length, 6);
  if (data.subarray(0, prefix).toString('latin1') !== 'PROXY '.slice(0, prefix)) {
    return { kind: 'invalid', detail: 'no PROXY protocol header' };
  }
  const end = data.indexOf('\r\n');
  if (end === -1) {
    return data.length >= V1_MAX ? { kind: 'invalid', detail: 'v1 header too long' } : { kind: 'incomplete' };
  }
  const line = data.subarray(0, end + 2).toString('latin1');
  const match = V1.exec(line);
  if (!match) return { kind: 'invalid', detail: 'malformed v1 header' };
  const source = match[1] ?? match[5];
  if (source === undefined) return { kind: 'ok', consumed: line.length, source: undefined };
  const family = match[1] !== undefined ? 4 : 6;
  const ports = [match[3] ?? match[7], match[4] ?? match[8]].map(Number);
  if (
    isIP(source) !== family ||
    isIP((match[2] ?? match[6]) as string) !== family ||
    ports.some((p) => p > 65535)
  ) {
    return { kind: 'invalid', detail: 'malformed v1 address' };
  }
  return { kind: 'ok', consumed: line.length, source };
}

function parseV2(data: Buffer): ProxyHeaderResult {
  const versionCommand = data[12] as number;
  if (versionCommand >> 4 !== 2) return { kind: 'invalid', detail: 'unsupported v2 version' };
  const command = versionCommand & 0x0f;
  if (command > 1) return { kind: 'invalid', detail: 'unknown v2 command' };
  const length = data.readUInt16BE(14);
  const total = 16 + length;
  if (data.length < total) return { kind: 'incomplete' };
  if (command === 0) return { kind: 'ok', consumed: total, source: undefined }; // LOCAL
  const family = (data[13] as number) >> 4;
  if (family === 1) {
    if (length < 12) return { kind: 'invalid', detail: 'short v2 IPv4 block' };
    return { kind: 'ok', consumed: total, source: Array.from(data.subarray(16, 20)).join('.') };
  }
  if (family === 2) {
    if (length < 36) return { kind: 'invalid', detail: 'short v2 IPv6 block' };
    const groups: string[] = [];
    for (let i = 0; i < 8; i += 1) groups.push(data.readUInt16BE(16 + i * 2).toString(16));
    return { kind: 'ok', consumed: total, source: compressIpv6(groups) };
  }
  // UNSPEC or AF_UNIX: no usable client address.
  return { kind: 'ok', consumed: total, source: undefined };
}

/** `0:0:0:0:0:0:0:1` → `::1` (RFC 5952 form, as Node reports socket addresses). */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === -1) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
