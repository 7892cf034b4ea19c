import { isIP } from 'node:net';
import { decodeKey } from '@linekeeper/identity-core';
import { z } from 'zod';
import { parseHostPort } from './create-resolver.js';

const cidr = z.string().refine((text) => {
  const [address, bits, extra] = text.split('/');
  const family = isIP(address ?? '');
  const n = Number(bits);
  return (
    extra === undefined && family !== 0 && Number.isInteger(n) && n >= 0 && n <= (family === 4 ? 32 : 128)
  );
}, 'must be a CIDR such as 10.0.0.0/24');

const key = z.string().refine((text) => {
  try {
    return decodeKey(text).byteLength >= 32;
  } catch {
    return false;
  }
}, 'must be at least 32 bytes, as hex or base64 (openssl rand -base64 32)');

/**
 * `linekeeper gateway`: the proxy itself. Parsed once at start (`parseConfig`), frozen, passed by
 * argument. Safe defaults: no PROXY protocol from anyone, CONNECT to 443 only, transparent mode
 * off, bounded headers and slow-client timeouts.
 */
export const gatewayConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Names this instance in every disclosure (each instance owns its own ledger hash chain). */
  instanceId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only')
    .default('gateway-1'),
  /** The partner policy (YAML); reloaded on SIGHUP and when the file changes. */
  policyFile: z.string().min(1),
  watchPolicy: z.boolean().default(true),
  pseudonym: z.strictObject({
    /** The operator's master secret for partner-scoped pseudonyms. */
    key,
    epoch: z.number().int().min(0).default(0),
  }),
  /** Accept origin-form requests routed by Host (the gateway behind an interception rule). */
  transparent: z.boolean().default(false),
  /** Load balancers whose PROXY protocol (v1/v2) header names the subscriber; nobody else's is read. */
  proxyProtocolFrom: z.array(cidr).default([]),
  connectPorts: z.array(z.number().int().min(1).max(65535)).min(1).default([443]),
  resolver: z
    .strictObject({
      /** host → address:port, e.g. `partner.demo: 127.0.0.1:18080`. */
      overrides: z
        .record(
          z.string().min(1),
          z.string().refine((t) => parseHostPort(t) !== undefined, 'must be address:port'),
        )
        .default({}),
      /** Resolve other names through the system resolver. */
      dns: z.boolean().default(true),
    })
    .prefault({}),
  limits: z
    .strictObject({
      maxHeaderBytes: z.number().int().min(1024).max(1_048_576).default(16_384),
      maxHeaderCount: z.number().int().min(8).max(1000).default(100),
      /** A client must send its whole header block within this. */
      headersTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
      /** … and its whole request (body included) within this. */
      requestTimeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
      keepAliveTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
      upstreamConnectTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
      /** An upstream silent this long (no response, no body bytes) gets a 504. */
      upstreamTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      tunnelIdleTimeoutMs: z.number().int().min(1000).max(86_400_000).default(600_000),
      maxUpstreamSockets: z.number().int().min(1).max(100_000).default(1024),
    })
    .prefault({}),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
