import {
  type CountryCode,
  Metadata,
  type NumberType,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { findReservedRange } from './reserved-ranges.js';

/** What kind of line a number belongs to, in LineKeeper's words. */
export type LineType =
  | 'mobile'
  | 'fixed-line'
  | 'fixed-line-or-mobile'
  | 'toll-free'
  | 'premium-rate'
  | 'shared-cost'
  | 'voip'
  | 'personal'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

export interface PhoneNumber {
  /** E.164, with the leading `+`. */
  readonly e164: string;
  readonly countryCallingCode: string;
  readonly country: CountryCode | undefined;
  readonly lineType: LineType;
  /** True for mobile numbers and for plans (NANP) that cannot tell mobile from fixed. */
  readonly isMobile: boolean;
  /** Set when the number is in a range reserved for drama and testing (e.g. Ofcom 07700 900xxx). */
  readonly reserved: 'drama' | undefined;
}

export type PhoneParseFailure =
  | 'empty'
  | 'too-long'
  | 'not-a-number'
  | 'ip-address'
  | 'date-or-time'
  | 'invalid-number';

export type PhoneParseResult =
  | { readonly ok: true; readonly number: PhoneNumber }
  | { readonly ok: false; readonly reason: PhoneParseFailure };

export interface ParsePhoneOptions {
  /** Country assumed for national forms such as `07700900123`. */
  readonly defaultCountry?: CountryCode;
}

const TYPE_NAMES: Record<NumberType & string, LineType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

// Longer than any number a carrier writes, even as a tel: URI with parameters.
const MAX_INPUT_LENGTH = 64;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$/;
const DATE_OR_TIME = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|\d:\d\d/;
// What may stand between digits in a written number: spaces, dashes, dots, slashes, brackets.
const WRITTEN_NUMBER = /^\+?[\d\s\-./()]+$/;

/**
 * Parses a subscriber number in any form carriers put in headers and logs — `447700900123`,
 * `+447700900123`, `00447700900123`, `07700900123` (national, with `defaultCountry`),
 * `tel:+44-7700-900123`, with separators — to E.164. Anything that is not a valid number for
 * libphonenumber's full metadata (or a reserved drama number) is refused with a reason; IPv4
 * addresses, dates and times are refused before any parsing.
 */
export function parsePhoneNumber(input: string, options: ParsePhoneOptions = {}): PhoneParseResult {
  let text = input.trim();
  if (text === '') return fail('empty');
  if (text.length > MAX_INPUT_LENGTH) return fail('too-long');
  if (/^tel:/i.test(text)) text = text.slice(4).split(';', 1)[0] ?? '';
  if (IPV4.test(text)) return fail('ip-address');
  if (DATE_OR_TIME.test(text)) return fail('date-or-time');
  if (!WRITTEN_NUMBER.test(text)) return fail('not-a-number');
  if (text.indexOf('+') > 0) return fail('not-a-number');

  const digits = text.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 17) return fail('invalid-number');

  for (const candidate of candidates(text, digits, options.defaultCountry)) {
    const number = toPhoneNumber(candidate.text, candidate.country);
    if (number) return { ok: true, number };
  }
  return fail('invalid-number');
}

/** The E.164 form of `input`, or `undefined` when it is not a valid number. */
export function toE164(input: string, options: ParsePhoneOptions = {}): string | undefined {
  const result = parsePhoneNumber(input, options);
  return result.ok ? result.number.e164 : undefined;
}

function* candidates(
  text: string,
  digits: string,
  defaultCountry: CountryCode | undefined,
): Generator<{ text: string; country: CountryCode | undefined }> {
  if (text.startsWith('+')) {
    yield { text: `+${digits}`, country: undefined };
    return;
  }
  if (digits.startsWith('00')) {
    yield { text: `+${digits.slice(2)}`, country: undefined };
    return;
  }
  // A leading trunk zero or written separators mean a national form. Carriers send the
  // international form without its `+` as bare digits (447700900123): that is tried first.
  const compact = /^\d+$/.test(text);
  if (compact && !digits.startsWith('0')) yield { text: `+${digits}`, country: undefined };
  if (defaultCountry && (digits.startsWith('0') || !requiresTrunkZero(defaultCountry))) {
    yield { text: digits, country: defaultCountry };
  }
}

// Where a national number is always written with its trunk 0 (GB, FR, DE, ...), digits
// without it are not a national number: 1326187800 is a timestamp, not a Cornish landline.
// Italy, San Marino and the Vatican dial mobiles without a 0, so the rule cannot apply there.
const TRUNK_ZERO_OPTIONAL = new Set<CountryCode>(['IT', 'SM', 'VA']);
const trunkZeroCache = new Map<CountryCode, boolean>();

function requiresTrunkZero(country: CountryCode): boolean {
  let required = trunkZeroCache.get(country);
  if (required === undefined) {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country);
    // libphonenumber-js implements `nationalPrefix()` on a numbering plan but does not type it.
    const plan = metadata.numberingPlan as { nationalPrefix?: () => string | undefined } | undefined;
    required = plan?.nationalPrefix?.() === '0' && !TRUNK_ZERO_OPTIONAL.has(country);
    trunkZeroCache.set(country, required);
  }
  return required;
}

function toPhoneNumber(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  if (!parsed) return undefined;
  const e164 = parsed.number;
  if (parsed.isValid()) {
    const type = parsed.getType();
    const lineType: LineType = type ? TYPE_NAMES[type] : 'unknown';
    return freeze({
      e164,
      countryCallingCode: parsed.countryCallingCode,
      country: parsed.country,
      lineType,
      isMobile: lineType === 'mobile' || lineType === 'fixed-line-or-mobile',
      reserved: undefined,
    });
  }
  const reserved = findReservedRange(e164);
  if (!reserved) return undefined;
  return freeze({
    e164,
    countryCallingCode: parsed.countryCallingCode,
    country: reserved.country,
    lineType: reserved.lineType,
    isMobile: reserved.lineType === 'mobile',
    reserved: 'drama',
  });
}

function freeze(number: PhoneNumber): PhoneNumber {
  return Object.freeze(number);
}

function fail(reason: PhoneParseFailure): PhoneParseResult {
  return { ok: false, reason };
}
