import { isIP } from 'node:net';
import type { CountryCode } from 'libphonenumber-js/max';
import { lookupHeader } from './header-catalogue.js';
import { matchHeaderName, type NameRuleMatch } from './header-name-rule.js';
import type { CatalogueEntry, Confidence, Finding, IdentifierKind } from './identity-finding.js';
import { describeValue, type ValueMatch } from './identity-value.js';

export interface DetectIdentityOptions {
  /** Country assumed for national number forms such as `07700900123`. */
  readonly defaultCountry?: CountryCode;
}

/** Raw header pairs (duplicates kept), or Node's `IncomingHttpHeaders`. */
export type HeaderInput =
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | readonly string[] | undefined>>;

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/**
 * Finds the identity-bearing headers in a request: by catalogue name (any case), by a suffix or
 * word rule on the name (`…msisdn`, `…callinglineid`, `x-imsi-…`), and by value under any name
 * (a valid mobile number, an IMSI with an assigned MCC, a Luhn-valid IMEI). One finding per
 * header name and kind, the most confident kept, in the order headers arrived. Reasons never
 * quote the value.
 */
export function detectIdentity(headers: HeaderInput, options: DetectIdentityOptions = {}): Finding[] {
  const found = new Map<string, Finding>();
  for (const [rawName, value] of headerPairs(headers)) {
    const header = rawName.trim().toLowerCase();
    const finding = inspect(header, value, options);
    if (!finding) continue;
    const key = `${header}\u0000${finding.kind}`;
    const previous = found.get(key);
    if (!previous || RANK[finding.confidence] > RANK[previous.confidence]) found.set(key, finding);
  }
  return [...found.values()];
}

function* headerPairs(headers: HeaderInput): Generator<readonly [string, string]> {
  if (isIterable(headers)) {
    yield* headers;
    return;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') yield [name, value];
    else if (Array.isArray(value)) for (const item of value) yield [name, String(item)];
  }
}

function isIterable(value: HeaderInput): value is Iterable<readonly [string, string]> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}

function inspect(header: string, value: string, options: DetectIdentityOptions): Finding | undefined {
  const entry = lookupHeader(header);
  if (entry) return byCatalogue(header, entry, value, options);
  const rule = matchHeaderName(header);
  if (rule) return byNameRule(header, rule, value, options);
  return byValue(header, value, options);
}

function byCatalogue(
  header: string,
  entry: CatalogueEntry,
  value: string,
  options: DetectIdentityOptions,
): Finding {
  const match = describeValue(value, entry.kind, options.defaultCountry);
  const listed = `Known identity header "${entry.name}": ${lowerFirst(entry.carries)}. Sent by: ${entry.usedBy}.`;
  const note = entry.note ? ` ${entry.note}` : '';
  if (match) {
    const reason = `${listed} Its value ${match.description}.${note}`;
    return finding(header, kindOf(entry.kind, match), 'high', reason, entry);
  }
  const confidence: Confidence = value.trim() === '' ? 'low' : 'medium';
  return finding(
    header,
    entry.kind,
    confidence,
    `${listed} Its value ${unvalidated(entry.kind)}.${note}`,
    entry,
  );
}

function byNameRule(
  header: string,
  rule: NameRuleMatch,
  value: string,
  options: DetectIdentityOptions,
): Finding | undefined {
  // A guess from a weak name (`…uid`, `…cli`) is dropped when the value is plainly something
  // else: an address, a date or a UUID.
  const weak = rule.strength === 'weak';
  if (weak && rule.kind !== 'client-ip' && isPlainlyNotAnIdentifier(value)) return undefined;
  const named = capital(`the name ends in or contains "${rule.token}", which names ${KIND_WORDS[rule.kind]}`);
  const match = describeValue(value, rule.kind, options.defaultCountry);
  if (match) {
    // An opaque token under a weak name is only a weak match; a validated number is strong.
    const confidence: Confidence = weak && match.opaque ? 'medium' : 'high';
    return finding(
      header,
      kindOf(rule.kind, match),
      confidence,
      `${named}, and its value ${match.description}.`,
    );
  }
  const confidence: Confidence = !weak && value.trim() !== '' ? 'medium' : 'low';
  return finding(header, rule.kind, confidence, `${named}; its value ${unvalidated(rule.kind)}.`);
}

function byValue(header: string, value: string, options: DetectIdentityOptions): Finding | undefined {
  const match = describeValue(value, undefined, options.defaultCountry);
  if (!match) return undefined;
  return finding(
    header,
    match.kind,
    match.confidence,
    `Its value ${match.description}, although the name is not a known identity header.`,
  );
}

// A catalogue subscriber-id or tracking-id header whose value turns out to be a phone number
// carries an MSISDN, whatever the header was meant for.
function kindOf(expected: IdentifierKind, match: ValueMatch): IdentifierKind {
  return match.kind === 'msisdn' ? 'msisdn' : expected;
}

const KIND_WORDS: Record<IdentifierKind, string> = {
  msisdn: 'a phone number (MSISDN)',
  imsi: 'a SIM identity (IMSI)',
  imei: 'a device identity (IMEI)',
  'subscriber-id': 'an operator subscriber id',
  'tracking-id': 'a carrier tracking id',
  'client-ip': "the client's IP address",
};

function unvalidated(kind: IdentifierKind): string {
  if (kind === 'subscriber-id' || kind === 'tracking-id') return 'is empty or not a token';
  return `is not ${KIND_WORDS[kind]} in clear (it may be hashed, encrypted or malformed)`;
}

function finding(
  header: string,
  kind: IdentifierKind,
  confidence: Confidence,
  reason: string,
  entry?: CatalogueEntry,
): Finding {
  return Object.freeze(
    entry ? { header, kind, confidence, reason, entry } : { header, kind, confidence, reason },
  );
}

function isPlainlyNotAnIdentifier(value: string): boolean {
  const text = value.trim();
  return (
    isIP(text) !== 0 ||
    /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ||
    /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(text)
  );
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
