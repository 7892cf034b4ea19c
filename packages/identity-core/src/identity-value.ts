import { isIP } from 'node:net';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Confidence, IdentifierKind } from './identity-finding.js';
import { parseImei } from './imei.js';
import { parseImsi } from './imsi.js';
import { type PhoneNumber, parsePhoneNumber } from './phone-number.js';

/** What a header value validated as; `description` completes "its value …" and never quotes it. */
export interface ValueMatch {
  readonly kind: IdentifierKind;
  readonly confidence: Confidence;
  readonly description: string;
  /** Set when the value only has the shape of an opaque token, nothing validated. */
  readonly opaque?: true;
}

// Enough for any identity header; a longer value is only scanned this far.
const MAX_SCAN = 16_384;
const MAX_EMBEDDED_CANDIDATES = 32;
// A digit run inside a longer value (`a=447700900123`, `?msisdn=+447700900123`) that stands
// alone: not part of a word, a hex id, a UUID, a dotted version or address, or a time.
const EMBEDDED = /(?<![\w.:+-])\+?\d{7,16}(?![\w.:-])/g;

/**
 * Checks a header value against the form `expected` says it should have; with no `expected`
 * (a header whose name says nothing), looks for a mobile number, an IMSI or an IMEI anywhere.
 */
export function describeValue(
  value: string,
  expected: IdentifierKind | undefined,
  defaultCountry: CountryCode | undefined,
): ValueMatch | undefined {
  const text = value.length > MAX_SCAN ? value.slice(0, MAX_SCAN) : value;
  const parts = candidates(text);
  switch (expected) {
    case 'msisdn':
      return firstOf(parts, (part) => asPhone(part, defaultCountry, 'any', 'high'));
    case 'imsi':
      return firstOf(parts, (part) => asImsi(part, 'high'));
    case 'imei':
      return firstOf(parts, (part) => asImei(part, true, 'high'));
    case 'client-ip':
      return firstOf(parts, asAddress);
    case 'subscriber-id':
    case 'tracking-id':
      return (
        firstOf(parts, (part) => asPhone(part, defaultCountry, 'any', 'high')) ??
        firstOf(parts, (part) => asToken(part))
      );
    case undefined:
      return firstOf(parts, (part) => anyIdentifier(part, defaultCountry)) ?? embedded(text, defaultCountry);
  }
}

// The whole value, then each element of a comma-separated list (Node joins repeated headers
// with ", ", and gateways append to X-Forwarded-For).
function candidates(text: string): string[] {
  const whole = text.trim();
  if (whole === '') return [];
  if (!whole.includes(',')) return [whole];
  return [
    whole,
    ...whole
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  ];
}

function firstOf(
  parts: readonly string[],
  check: (part: string) => ValueMatch | undefined,
): ValueMatch | undefined {
  for (const part of parts) {
    const match = check(part);
    if (match) return match;
  }
  return undefined;
}

function anyIdentifier(part: string, defaultCountry: CountryCode | undefined): ValueMatch | undefined {
  // An IMSI or IMEI check is weak on its own: most 15-digit runs start with an assigned MCC,
  // and one in ten passes Luhn. Under an ordinary name they are reported as low confidence.
  if (/^\d{15}$/.test(part)) return asImsi(part, 'low') ?? asImei(part, false, 'low');
  const international = /^(?:\+|tel:|00)/i.test(part);
  const match = asPhone(part, defaultCountry, 'mobile', international ? 'high' : 'medium');
  if (!match || !looksLikeEpoch(part)) return match;
  return {
    ...match,
    confidence: 'low',
    description: `${match.description} (though it could also be a timestamp)`,
  };
}

// 13-digit millisecond and 10-digit second timestamps from 2001 to 2100 that happen to be
// valid numbers (2347010000000 is a Nigerian mobile and a date in 2044): said, and kept low.
function looksLikeEpoch(part: string): boolean {
  if (!/^\d{10}$|^\d{13}$/.test(part)) return false;
  const seconds = part.length === 13 ? Number(part) / 1000 : Number(part);
  return seconds >= 1e9 && seconds < 4.1e9;
}

function embedded(text: string, defaultCountry: CountryCode | undefined): ValueMatch | undefined {
  let seen = 0;
  // A query string or cookie may carry the number URL-encoded: `msisdn=%2B447700900123`.
  for (const run of text.replace(/%2B/gi, '+').matchAll(EMBEDDED)) {
    if (++seen > MAX_EMBEDDED_CANDIDATES) break;
    const match = asPhone(run[0], defaultCountry, 'mobile', run[0].startsWith('+') ? 'medium' : 'low');
    if (match) return { ...match, description: `contains a run of digits that ${match.description}` };
  }
  return undefined;
}

function asPhone(
  part: string,
  defaultCountry: CountryCode | undefined,
  accept: 'any' | 'mobile',
  confidence: Confidence,
): ValueMatch | undefined {
  const result = parsePhoneNumber(part, defaultCountry ? { defaultCountry } : {});
  if (!result.ok) return undefined;
  const number = result.number;
  if (accept === 'mobile' && !number.isMobile && number.reserved !== 'drama') return undefined;
  return { kind: 'msisdn', confidence, description: `is ${describePhone(number)}` };
}

function describePhone(number: PhoneNumber): string {
  const where = number.country ? `${number.country} ` : '';
  const line = number.lineType === 'unknown' ? '' : `${number.lineType} `;
  const drama = number.reserved === 'drama' ? ' (in a range reserved for drama and testing)' : '';
  return `a valid ${where}${line}phone number${drama}`;
}

function asImsi(part: string, confidence: Confidence): ValueMatch | undefined {
  const imsi = parseImsi(part);
  if (!imsi) return undefined;
  return {
    kind: 'imsi',
    confidence,
    description: `is 15 digits starting with the assigned mobile country code ${imsi.mcc} (${imsi.country}), the form of an IMSI`,
  };
}

function asImei(part: string, allowImeisv: boolean, confidence: Confidence): ValueMatch | undefined {
  const imei = parseImei(part, { allowImeisv });
  if (!imei) return undefined;
  const description =
    imei.kind === 'imei'
      ? 'is 15 digits with a valid Luhn check digit, the form of an IMEI'
      : 'is 16 digits, the form of an IMEISV (device identity and software version)';
  return { kind: 'imei', confidence, description };
}

function asAddress(part: string): ValueMatch | undefined {
  const address = stripAddress(part);
  const family = isIP(address);
  if (family === 0) return undefined;
  return {
    kind: 'client-ip',
    confidence: 'high',
    description: `is an IPv${family} address${addressRange(address)}`,
  };
}

// `for="[2001:db8::1]:4711"` (RFC 7239), `IP=10.0.0.1`, `203.0.113.7:51000`, `[::1]`.
function stripAddress(part: string): string {
  let text = part.trim();
  const forParam = /(?:^|[;\s])(?:for|ip)\s*=\s*("?)([^;,"\s]+)\1/i.exec(text);
  if (forParam?.[2]) text = forParam[2].trim();
  if (text.startsWith('[')) return text.slice(1, text.indexOf(']') > 0 ? text.indexOf(']') : undefined);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return v4WithPort?.[1] ?? text;
}

function addressRange(address: string): string {
  if (/^10\.|^192\.168\.|^172\.(?:1[6-9]|2\d|3[01])\./.test(address)) {
    return ' in a private range, as an operator assigns inside its network';
  }
  if (/^100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(address)) {
    return ' in the carrier-grade NAT range (100.64.0.0/10), which names one subscriber inside the operator';
  }
  return '';
}

// Operator subscriber and tracking ids are opaque: any printable token of some length.
function asToken(part: string): ValueMatch | undefined {
  if (!/^[\x21-\x7e]{4,}$/.test(part)) return undefined;
  return {
    kind: 'subscriber-id',
    confidence: 'high',
    description: `is an opaque token of ${part.length} characters`,
    opaque: true,
  };
}
