import { MOBILE_COUNTRY_CODES } from './mobile-country-codes.js';

export interface Imsi {
  readonly imsi: string;
  readonly mcc: string;
  /** ISO 3166 alpha-2 of the MCC, `XX` for international codes, `TEST` for MCC 001. */
  readonly country: string;
}

/**
 * An IMSI (3GPP TS 23.003 §2.2): exactly 15 digits whose first three are an assigned Mobile
 * Country Code. (Up to 15 is allowed by the standard; every network in service uses 15, and a
 * shorter digit run is far likelier to be something else.)
 */
export function parseImsi(input: string): Imsi | undefined {
  const text = input.trim();
  if (!/^\d{15}$/.test(text)) return undefined;
  const mcc = text.slice(0, 3);
  const country = MOBILE_COUNTRY_CODES.get(mcc);
  if (!country) return undefined;
  // A run of one repeated digit is filler, not a subscriber.
  if (/^(\d)\1+$/.test(text)) return undefined;
  return Object.freeze({ imsi: text, mcc, country });
}
