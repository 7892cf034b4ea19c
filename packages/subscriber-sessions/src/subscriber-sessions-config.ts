import { isIP } from 'node:net';
import type { ParsePhoneOptions } from '@linekeeper/identity-core';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

export type CountryCode = NonNullable<ParsePhoneOptions['defaultCountry']>;

/** Loopback binds are open; anything else must carry a bearer token. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

const nasClient = z
  .strictObject({
    /** Names the NAS in sessions and metrics; also namespaces its sessions (On/Off drops only its own). */
    name: z.string().min(1).max(64),
    address: z
      .string()
      .refine((value) => isIP(value) !== 0, 'must be an IPv4 or IPv6 address')
      .optional(),
    cidr: z
      .string()
      .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR such as 10.0.0.0/24')
      .optional(),
    /** RFC 2865 §3 asks for at least 16 octets; the demo's 15-octet secret is the shortest accepted. */
    secret: z.string().min(12, 'must be at least 12 characters (16 or more recommended)').max(128),
  })
  .refine((client) => (client.address === undefined) !== (client.cidr === undefined), {
    message: 'give exactly one of address or cidr',
  });

const store = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory') }),
  z.strictObject({
    kind: z.literal('redis'),
    url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    keyPrefix: z.string().min(1).default('linekeeper:sessions:'),
    /** A lookup slower than this answers `unknown` (the gateway then names nobody). */
    commandTimeoutMs: z.number().int().min(10).max(10_000).default(500),
  }),
]);

/**
 * `linekeeper radius`: the accounting listener and its admin API. Parsed once at start
 * (`parseConfig`), frozen, passed by argument. There is no default NAS client: a listener that
 * trusted anyone by default would let anyone name subscribers.
 */
export const subscriberSessionsConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(1813),
    clients: z.array(nasClient).min(1, 'configure at least one NAS client'),
    store: store.default({ kind: 'memory' }),
    /** Country assumed for Calling-Station-Id values in national form (07700900123). */
    defaultCountry: z
      .string()
      .refine((code) => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code), {
        message: 'must be an ISO 3166-1 alpha-2 country code that libphonenumber knows, such as GB',
      })
      .transform((code) => code as CountryCode)
      .default('GB'),
    expiry: z
      .strictObject({
        /** Grace = Acct-Interim-Interval × this: 2.5 survives two lost Interim-Updates. */
        interimMultiplier: z.number().min(1.5).max(10).default(2.5),
        minGraceSeconds: z.number().int().min(10).max(86_400).default(120),
        /** Assumed when a NAS sends no Acct-Interim-Interval. */
        defaultInterimSeconds: z.number().int().min(60).max(86_400).default(600),
      })
      .default({ interimMultiplier: 2.5, minGraceSeconds: 120, defaultInterimSeconds: 600 }),
    /** How long an answer is kept to re-send to a retransmission. */
    retransmissionWindowSeconds: z.number().int().min(1).max(300).default(30),
    admin: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(9090),
        /** Required when `host` is not loopback: `Authorization: Bearer <token>`. */
        token: z.string().min(32, 'must be at least 32 characters').optional(),
      })
      .default({ host: '127.0.0.1', port: 9090 }),
  })
  .superRefine((config, context) => {
    // A client's name namespaces its sessions: two clients sharing one could flush each other's
    // sessions with Accounting-On. Two entries for one source would make the secret ambiguous.
    const names = new Set<string>();
    const sources = new Set<string>();
    config.clients.forEach((client, index) => {
      if (names.has(client.name)) {
        context.addIssue({
          code: 'custom',
          path: ['clients', index, 'name'],
          message: 'is used by another client',
        });
      }
      const source = (client.cidr ?? client.address ?? '').toLowerCase();
      if (sources.has(source)) {
        context.addIssue({ code: 'custom', path: ['clients', index], message: `${source} is listed twice` });
      }
      names.add(client.name);
      sources.add(source);
    });
    if (!isLoopbackHost(config.admin.host) && config.admin.token === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['admin', 'token'],
        message: `required when admin.host (${config.admin.host}) is not a loopback address`,
      });
    }
  });

export type SubscriberSessionsConfig = z.output<typeof subscriberSessionsConfigSchema>;
