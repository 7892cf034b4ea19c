import { formatHostPattern, type HostPattern, normaliseHostPattern } from './host-name.js';
import type { PolicyDestination } from './policy-schema.js';

/** A destination with its host normalised and its port made explicit. */
export interface ResolvedDestination {
  readonly scheme: 'http' | 'https';
  readonly host: HostPattern;
  readonly port: number;
  readonly pathPrefix: string;
  /** `http://partner.demo:80/`, `https://*.partner.com:443/billing` — stable across spellings. */
  readonly key: string;
}

export function defaultPort(scheme: 'http' | 'https'): number {
  return scheme === 'https' ? 443 : 80;
}

/** Resolves a schema-valid destination; throws if the host is invalid (the schema rejects it). */
export function resolveDestination(destination: PolicyDestination): ResolvedDestination {
  const host = normaliseHostPattern(destination.host);
  if (!host) throw new TypeError(`invalid destination host ${destination.host}`);
  const port = destination.port ?? defaultPort(destination.scheme);
  const pathPrefix = destination.pathPrefix;
  return {
    scheme: destination.scheme,
    host,
    port,
    pathPrefix,
    key: `${destination.scheme}://${formatHostPattern(host)}:${port}${pathPrefix}`,
  };
}
