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

/** Lower-case tokens of every `Connection` field in a raw header list (flat name, value, …). */
export function connectionTokens(rawHeaders: readonly string[]): ReadonlySet<string> | undefined {
  let tokens: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    tokens ??= new Set();
    for (const token of (rawHeaders[i + 1] as string).split(',')) {
      const trimmed = token.trim().toLowerCase();
      if (trimmed !== '') tokens.add(trimmed);
    }
  }
  return tokens;
}

/** The response's raw headers without its hop-by-hop fields, for `writeHead`. */
export function endToEndHeaders(rawHeaders: readonly string[]): string[] {
  const listed = connectionTokens(rawHeaders);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower) || listed?.has(lower)) continue;
    out.push(name, rawHeaders[i + 1] as string);
  }
  return out;
}
