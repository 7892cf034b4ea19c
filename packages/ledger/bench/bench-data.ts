import type { Disclosure } from '../src/index.js';

export const WEEK = 7 * 86_400_000;
export const START = Date.parse('2026-01-05T00:00:00Z');
/** The ledger spans eight weeks; the report asks for two of them. */
export const SPAN = 8 * WEEK;
export const HOSTS = 10_000;
export const SUBSCRIBERS = 200_000;
const PURPOSES = ['carrier-billing', 'customer-identification', 'age-verification'];

/**
 * Synthetic subscriber identifiers under country code +999, which the ITU has not assigned, so
 * none is anybody's number. The Ofcom drama ranges hold only 2,000 numbers, which would make
 * `count(distinct msisdn)` unrealistically cheap.
 */
const msisdn = (i: number): string => `+999${String(i).padStart(9, '0')}`;

export function hostName(i: number): string {
  return `h${i}.partner${i % 500}.example`;
}

/**
 * Enriched requests per page visit: header enrichment adds identity to every request a
 * subscriber's browser makes to the partner host (page, API calls, reloads), so disclosures
 * come in runs of one subscriber and one host.
 */
export const REQUESTS_PER_VISIT = Number(process.env.BENCH_REQUESTS_PER_VISIT ?? 10);

/** Row `i` of `total`: times in order (as a gateway writes them), hosts skewed, deterministic. */
export function benchDisclosure(i: number, total: number, instanceId: string): Disclosure {
  const visit = Math.floor(i / REQUESTS_PER_VISIT);
  let x = Math.imul(visit ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  const r = (x ^ (x >>> 16)) / 2 ** 32;
  const host = Math.floor(HOSTS * r * r * r); // popular hosts get most traffic
  const purpose = PURPOSES[x % 3] as string;
  return {
    at: START + Math.floor((i * SPAN) / total),
    msisdn: msisdn((x >>> 3) % SUBSCRIBERS),
    host: hostName(host),
    scheme: 'https',
    port: 443,
    path: '/',
    partnerId: `partner${host % 500}`,
    purpose,
    fields: purpose === 'carrier-billing' ? ['msisdn'] : ['pseudonym'],
    policyVersion: 'sha256:bench',
    instanceId,
  };
}

/** The row as a COPY text-format line (the peer): same columns, no hashing, no chain. */
export function copyLine(i: number, d: Disclosure, batchSize: number): string {
  return [
    Math.floor(i / batchSize) + 1,
    i % batchSize,
    new Date(d.at).toISOString(),
    d.msisdn,
    '\\N',
    d.host,
    d.scheme,
    d.port,
    d.path,
    d.partnerId,
    d.purpose,
    `{${d.fields.join(',')}}`,
    d.policyVersion,
    d.instanceId,
  ].join('\t');
}
