/**
 * Hop-by-hop fields (RFC 9110 §7.6.1, RFC 9112 §9.6): they describe one connection and are never
 * forwarded. `Proxy-*` and `Keep-Alive` are included as every proxy does; `TE` and `Trailer` too,
 * since the gateway re-frames bodies itself. Any name listed in `Connection` is hop-by-hop as well.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
