import { z } from 'zod';
import { isValidCidr } from './cidr.js';
import { normaliseHostPattern } from './host-name.js';

/** The three purposes the 2012 operator named; any other lower-case identifier is allowed too. */
export const KNOWN_PURPOSES = ['age-verification', 'carrier-billing', 'customer-identification'] as const;

/** What a purpose can disclose. `pseudonym` is partner-scoped; the rest are raw subscriber data. */
export const DISCLOSED_FIELDS = ['pseudonym', 'msisdn', 'imsi', 'rat-type'] as const;
export type DisclosedField = (typeof DISCLOSED_FIELDS)[number];

/** Fields that identify the subscriber outright: each needs a written justification. */
export const RAW_IDENTIFIER_FIELDS: readonly DisclosedField[] = ['msisdn', 'imsi'];

export const DEFAULT_PSEUDONYM_HEADER = 'X-LineKeeper-Pseudonym';

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be a lower-case identifier such as carrier-billing');

const headerName = z.string().min(1).describe('HTTP header name the gateway adds (an RFC 9110 token)');

const destinationSchema = z
  .strictObject({
    scheme: z.enum(['http', 'https']),
    host: z
      .string()
      .refine((host) => normaliseHostPattern(host) !== undefined, {
        message: 'must be a host name (or *.domain for every subdomain of domain) or an IPv4 address',
      })
      .describe('exact host, or *.domain for every subdomain (not the domain itself)'),
    port: z.int().min(1).max(65535).optional().describe('default: 80 for http, 443 for https'),
    pathPrefix: z
      .string()
      .startsWith('/')
      .default('/')
      .describe('"/billing" covers /billing and /billing/…, not /billingx; "/" covers every path'),
  })
  .describe('where a partner receives identity');

const discloseSchema = z
  .strictObject({
    pseudonym: headerName.optional(),
    msisdn: headerName.optional(),
    imsi: headerName.optional(),
    'rat-type': headerName.optional(),
  })
  .describe('field → header name; a partner-scoped pseudonym unless a raw field is justified');

const purposeSchema = z.strictObject({
  pools: z
    .array(identifier)
    .min(1)
    .optional()
    .describe('subscriber pools this purpose applies to; default: every pool'),
  disclose: discloseSchema.default({ pseudonym: DEFAULT_PSEUDONYM_HEADER }),
  justification: z
    .string()
    .optional()
    .describe('why a raw identifier (msisdn, imsi) is needed: required when one is disclosed'),
});

const partnerSchema = z.strictObject({
  id: identifier.describe('partnerId, recorded with every disclosure'),
  legalName: z.string().min(1),
  contract: z.strictObject({
    reference: z.string().min(1),
    expires: z.iso.date().describe('YYYY-MM-DD; nothing is disclosed under an expired contract'),
  }),
  contact: z.string().min(1).describe('who to call about a disclosure incident'),
  destinations: z.array(destinationSchema).min(1),
  purposes: z.record(identifier, purposeSchema),
});

const approvalSchema = z
  .strictObject({
    diffHash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: and 64 hex digits, as printed by policy diff'),
    approver: z.string().min(1),
    author: z.string().min(1),
    approvedAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  })
  .describe('sign-off for a change that widens disclosure: names the exact diff (policy diff)');

/** The one schema of a partner policy file; docs/policy.schema.json is generated from it. */
export const policySchema = z
  .strictObject({
    version: z.literal(1).describe('policy file format version'),
    id: z.string().min(1).describe('this revision, e.g. 2025-01-10-maintenance'),
    pools: z
      .record(identifier, z.array(z.string().refine(isValidCidr, 'must be an IPv4 or IPv6 CIDR')).min(1))
      .describe('subscriber address pools (mobile data); Wi-Fi and fixed pools are simply not listed'),
    partners: z.array(partnerSchema),
    approval: approvalSchema.optional(),
  })
  .meta({ title: 'LineKeeper partner policy' });

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type PolicyPartner = Policy['partners'][number];
export type PolicyDestination = PolicyPartner['destinations'][number];
export type PolicyPurpose = PolicyPartner['purposes'][string];
export type PolicyApproval = NonNullable<Policy['approval']>;
