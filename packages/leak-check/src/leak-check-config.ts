import type { ParsePhoneOptions } from '@linekeeper/identity-core';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

export type CountryCode = NonNullable<ParsePhoneOptions['defaultCountry']>;

/**
 * The leak-check page's whole configuration: parsed once at start (`parseConfig`), frozen and
 * passed by argument. `leakCheckConfigSchema.parse({})` is the demo config. Limits default to
 * values a browser never reaches but a hostile client hits at once.
 */
export const leakCheckConfigSchema = z.strictObject({
  /** Address to listen on; loopback unless an operator deliberately exposes it. */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  /** Country assumed for national-form numbers such as `07700900123`. */
  defaultCountry: z
    .string()
    .refine((code) => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code), {
      message: 'must be an ISO 3166-1 alpha-2 country code that libphonenumber knows, such as GB',
    })
    .transform((code) => code as CountryCode)
    .default('GB'),
  /**
   * Largest request head (request line plus every header) accepted, in bytes; more gets `431`.
   * Node's own default is 16 KiB; carriers' enrichment adds well under 1 KiB.
   */
  maxHeaderBytes: z.number().int().min(1024).max(65536).default(16384),
  /** Most header lines accepted in one request (duplicates count); more gets `431`. */
  maxHeaderCount: z.number().int().min(8).max(1000).default(100),
  /** Time a client has to send its request head: a slow-loris client is cut off after it. */
  headersTimeoutMs: z.number().int().min(1000).max(120_000).default(10_000),
  /** Serve `GET /metrics` (Prometheus; counts by kind only) on the page's own port. */
  exposeMetrics: z.boolean().default(true),
});

export type LeakCheckConfig = z.output<typeof leakCheckConfigSchema>;
