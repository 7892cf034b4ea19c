import { isIP } from 'node:net';
import { normaliseHost } from '@linekeeper/policy';
import { gatewayError } from './errors.js';

/** Where to open the upstream connection for a request's host and port. */
export interface UpstreamAddress {
  readonly host: string;
  readonly port: number;
}

export interface ResolverOptions {
  /** Host name → `address:port` (`[::1]:8081` for IPv6): every port of that host goes there. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Resolve other names through the system resolver; off in tests and the demo. */
  readonly dns?: boolean;
}

export interface Resolver {
  /** `undefined` when the host may not be resolved (not overridden and DNS off). */
  resolve(host: string, port: number): UpstreamAddress | undefined;
}

/**
 * The gateway's resolver: an override map checked first (the demo's `partner.demo`, tests'
 * loopback origins), then — only when allowed — the system resolver, which `net.connect` and the
 * upstream agent call themselves.
 */
export function createResolver(options: ResolverOptions = {}): Resolver {
  const overrides = new Map<string, UpstreamAddress>();
  for (const [name, target] of Object.entries(options.overrides ?? {})) {
    const host = normaliseHost(name);
    const parsed = parseHostPort(target);
    if (host === undefined || parsed === undefined) {
      throw gatewayError(
        'ERR_BAD_REQUEST',
        `resolver override ${name} → ${target} is not host → address:port`,
      );
    }
    overrides.set(host, parsed);
  }
  const dns = options.dns ?? true;
  return {
    resolve(host, port) {
      const override = overrides.get(host);
      if (override) return override;
      if (isIP(host) !== 0 || dns) return { host, port };
      return undefined;
    },
  };
}

export function parseHostPort(text: string): UpstreamAddress | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? match[2]) as string, port };
}
