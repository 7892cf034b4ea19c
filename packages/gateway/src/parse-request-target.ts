import { isIPv6 } from 'node:net';
import { normaliseHost } from '@linekeeper/policy';
import type { Destination } from './decide-identity.js';
import type { GatewayErrorCode } from './errors.js';

export interface RequestTarget {
  readonly destination: Destination;
  /** The authority to send as `Host` (RFC 9112 §3.2.2: a proxy replaces Host with the target's). */
  readonly authority: string;
  /** Origin-form target for the upstream request: path and query, as received. */
  readonly originForm: string;
  /** Host to resolve and connect to: the name, or an IPv6 literal without brackets. */
  readonly connectHost: string;
}

export type TargetResult =
  | { readonly ok: true; readonly target: RequestTarget }
  | { readonly ok: false; readonly code: GatewayErrorCode; readonly detail: string };

const ABSOLUTE = /^http:\/\/([^/?#]*)([^#]*)/i;

/**
 * The request target of a proxied request: absolute-form (`GET http://host/path`, explicit proxy)
 * or origin-form routed by its single `Host` header (transparent mode). Only plain http is
 * proxied this way; https goes through CONNECT and is never seen.
 */
export function parseRequestTarget(
  url: string,
  hosts: readonly string[],
  transparent: boolean,
): TargetResult {
  if (hosts.length > 1) return fail('ERR_HOST_INVALID', 'more than one Host header');
  let authority: string;
  let originForm: string;
  const absolute = ABSOLUTE.exec(url);
  if (absolute) {
    authority = absolute[1] as string;
    originForm = absolute[2] || '/';
    if (originForm.charCodeAt(0) === 0x3f) originForm = `/${originForm}`;
  } else if (url.charCodeAt(0) === 0x2f) {
    if (!transparent)
      return fail('ERR_BAD_REQUEST', 'origin-form request target, but transparent mode is off');
    const host = hosts[0];
    if (host === undefined) return fail('ERR_HOST_INVALID', 'no Host header');
    authority = host;
    originForm = url;
  } else {
    return fail('ERR_BAD_REQUEST', 'the request target must be http://host/path or /path');
  }
  const parsed = parseAuthority(authority);
  if (parsed === undefined) return fail('ERR_HOST_INVALID', 'the target host is not a valid host[:port]');
  return {
    ok: true,
    target: {
      destination: { scheme: 'http', host: parsed.host, port: parsed.port, path: originForm },
      authority: parsed.port === 80 ? parsed.display : `${parsed.display}:${parsed.port}`,
      originForm,
      connectHost: parsed.host,
    },
  };
}

/** `host[:port]` / `[v6][:port]`, no user info; host normalised as the policy compares it. */
export function parseAuthority(
  authority: string,
  defaultPort = 80,
): { host: string; display: string; port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:@[\]\s]+))(?::(\d{1,5}))?$/.exec(authority);
  if (!match) return undefined;
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (match[1] !== undefined) {
    if (!isIPv6(match[1])) return undefined;
    const host = match[1].toLowerCase();
    return { host, display: `[${host}]`, port };
  }
  const host = normaliseHost(match[2] as string);
  if (host === undefined) return undefined;
  return { host, display: host, port };
}

function fail(code: GatewayErrorCode, detail: string): TargetResult {
  return { ok: false, code, detail };
}
