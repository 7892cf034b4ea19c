import {
  hasValidLuhn,
  MOBILE_COUNTRY_CODES,
  type PhoneNumber,
  parseImei,
  parseImsi,
  parsePhoneNumber,
} from '@linekeeper/identity-core';
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import type { KeyContext } from './key-context.js';
import { LruCache } from './lru-cache.js';

export type ScannedKind = 'msisdn' | 'imsi' | 'imei' | 'subscriber-id' | 'tracking-id';

/** A validated identifier: its kind and its normal form (E.164, 15-digit IMSI/IMEI, raw token). */
export interface Identified {
  readonly kind: ScannedKind;
  readonly value: string;
}

export interface CandidateValidatorOptions {
  /** The home country: national forms (`07700900123`) and bare digits outside a key are read for it. */
  readonly country: CountryCode;
  /** Distinct candidates remembered, per key context; logs repeat the same numbers. */
  readonly cacheSize?: number;
}

export type CandidateValidator = ((text: string, context: KeyContext) => Identified | undefined) & {
  /** The home country's calling code (`44`): bare digits outside a key must start with it. */
  readonly homeCallingCode: string;
};

// GSMA reporting-body prefixes of Type Allocation Codes (the first two IMEI digits).
const IMEI_REPORTING_BODIES = new Set([
  '01',
  '10',
  '30',
  '33',
  '35',
  '44',
  '45',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '86',
  '91',
  '98',
  '99',
]);
const MISS = Object.freeze({ kind: 'msisdn', value: '' }) as Identified;

/**
 * Decides whether a digit string the byte scanner found is a subscriber identifier. The rule
 * (see README, "precision rule"):
 *
 * 1. Under an identity key (catalogue header, `msisdn`, `phone`, `imsi`, ...) any value of the
 *    key's kind that validates is reported: a valid number of any country and line type, an IMSI
 *    with an assigned MCC, an IMEI with a good Luhn digit (or a 16-digit IMEISV).
 * 2. Elsewhere a number is reported only when it is a valid *mobile* number written the way
 *    numbers are written — with `+`, `00`, `tel:`, or a national trunk `0` — or, as bare digits
 *    (`447700900123`, the form carriers put in headers and nginx logs unlabeled), only when its
 *    country code is the home country's. A 15-digit string is an IMEI when its Luhn digit holds
 *    and it starts with a GSMA reporting body, or an IMSI when its MCC is the home country's (or
 *    the 001 test network).
 * 3. Under a key that names something else (`order_id`, `ts`, `bytes`, `*_id`), only the
 *    unmistakable written forms (`+`, `00`, `tel:`) are reported.
 */
export function createCandidateValidator(options: CandidateValidatorOptions): CandidateValidator {
  const country = options.country;
  const homeCallingCode = getCountryCallingCode(country);
  const homeMccs = new Set(['001']);
  for (const [mcc, iso] of MOBILE_COUNTRY_CODES) if (iso === country) homeMccs.add(mcc);
  const cacheSize = options.cacheSize ?? 65_536;

  function parsePhone(text: string): PhoneNumber | undefined {
    const result = parsePhoneNumber(text, { defaultCountry: country });
    return result.ok ? result.number : undefined;
  }

  function underIdentityKey(
    text: string,
    digits: string,
    kind: KeyContext & { type: 'identity' },
  ): Identified | undefined {
    if (kind.kind === 'imsi') {
      const imsi = parseImsi(digits);
      return imsi ? { kind: 'imsi', value: imsi.imsi } : undefined;
    }
    if (kind.kind === 'imei') {
      const imei = parseImei(text, { allowImeisv: true });
      return imei ? { kind: 'imei', value: imei.value } : undefined;
    }
    const phone = parsePhone(text);
    if (phone) return { kind: 'msisdn', value: phone.e164 };
    if (digits.length === 15) {
      const imsi = parseImsi(digits);
      if (imsi) return { kind: 'imsi', value: imsi.imsi };
    }
    if (kind.kind !== 'msisdn' && digits.length >= 6) return { kind: 'subscriber-id', value: digits };
    return undefined;
  }

  function elsewhere(text: string, digits: string, context: KeyContext): Identified | undefined {
    const plus = text.charCodeAt(0) === 0x2b || digits.startsWith('00');
    if (context.type === 'other' && !plus) return undefined;
    const compact = digits.length === text.length;
    // Bare digits that neither start with the home country code nor look like an IMSI/IMEI are
    // refused before any parsing: this is what keeps order numbers and epochs cheap.
    if (
      !plus &&
      digits.charCodeAt(0) !== 0x30 &&
      digits.length !== 15 &&
      !digits.startsWith(homeCallingCode)
    ) {
      return undefined;
    }
    if (compact && digits.length === 15) {
      if (hasValidLuhn(digits) && IMEI_REPORTING_BODIES.has(digits.slice(0, 2))) {
        return { kind: 'imei', value: digits };
      }
      if (homeMccs.has(digits.slice(0, 3))) {
        const imsi = parseImsi(digits);
        if (imsi) return { kind: 'imsi', value: imsi.imsi };
      }
    }
    const phone = parsePhone(text);
    if (!phone?.isMobile) return undefined;
    if (plus || digits.charCodeAt(0) === 0x30) return { kind: 'msisdn', value: phone.e164 };
    return phone.countryCallingCode === homeCallingCode ? { kind: 'msisdn', value: phone.e164 } : undefined;
  }

  // One cache per context (`none`, `other`, each identity kind): the text alone is the key, so a
  // lookup hashes the string the scanner just cut, with nothing concatenated.
  const caches = new Map<string, LruCache<string, Identified>>();
  const cacheFor = (context: KeyContext): LruCache<string, Identified> => {
    const name = context.type === 'identity' ? context.kind : context.type;
    let cache = caches.get(name);
    if (!cache) {
      cache = new LruCache<string, Identified>(cacheSize);
      caches.set(name, cache);
    }
    return cache;
  };
  const validate = (text: string, context: KeyContext): Identified | undefined => {
    const cache = cacheFor(context);
    const cached = cache.get(text);
    if (cached !== undefined) return cached === MISS ? undefined : cached;
    const digits = text.replace(/\D/g, '');
    const found =
      context.type === 'identity'
        ? underIdentityKey(text, digits, context)
        : elsewhere(text, digits, context);
    cache.set(text, found ? Object.freeze(found) : MISS);
    return found;
  };
  return Object.assign(validate, { homeCallingCode });
}
