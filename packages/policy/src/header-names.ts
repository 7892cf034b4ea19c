/** RFC 9110 `token`: the only characters a field name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Names HTTP itself, proxies or authentication use: enriching under one of them would corrupt
 * framing or routing, or overwrite the subscriber's own credentials.
 */
const RESERVED = new Set([
  'authorization',
  'connection',
  'content-length',
  'content-type',
  'cookie',
  'expect',
  'forwarded',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

export function isHeaderToken(name: string): boolean {
  return TOKEN.test(name);
}

export function isReservedHeaderName(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}
