import type { ScannedKind } from '../candidate-validator.js';

/** A seeded PRNG (mulberry32): the corpus must be the same on every run. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
export const digits = (random: Random, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(random() * 10);
  return out;
};

/** An identifier to plant: what the scanner must report (kind + normal form) and how it is written. */
export interface Planted {
  readonly kind: ScannedKind;
  /** Normal form the scanner reports: E.164, 15-digit IMSI/IMEI, the raw token. */
  readonly value: string;
  readonly written: string;
}

// Ofcom drama mobiles (07700 900000–900999): every form carriers and people write them in.
const DRAMA_FORMS: readonly ((n: string) => string)[] = [
  (n) => `447700${n}`,
  (n) => `+447700${n}`,
  (n) => `07700${n}`,
  (n) => `00447700${n}`,
  (n) => `+44 7700 ${n}`,
  (n) => `07700 ${n}`,
  (n) => `+44 (0)7700 ${n}`,
  (n) => `+44-7700-${n}`,
  (n) => `+44 7700 ${n.slice(0, 3)} ${n.slice(3)}`,
];

/** A drama mobile in a random carrier form, or in the form at `form`. */
export function dramaMsisdn(random: Random, form?: number): Planted {
  const n = `900${digits(random, 3)}`;
  const write =
    form === undefined
      ? pick(random, DRAMA_FORMS)
      : (DRAMA_FORMS[form % DRAMA_FORMS.length] as (n: string) => string);
  return { kind: 'msisdn', value: `+447700${n}`, written: write(n) };
}

/** The compact international form carriers put in headers: `447700900123`. */
export function dramaCompact(random: Random): Planted {
  const n = `900${digits(random, 3)}`;
  return { kind: 'msisdn', value: `+447700${n}`, written: `447700${n}` };
}

// libphonenumber's own example numbers (valid, and nobody's).
const EXAMPLES: readonly Planted[] = [
  { kind: 'msisdn', value: '+447400123456', written: '+447400123456' },
  { kind: 'msisdn', value: '+447400123456', written: '447400123456' },
  { kind: 'msisdn', value: '+447400123456', written: '07400 123456' },
  { kind: 'msisdn', value: '+33612345678', written: '+33 6 12 34 56 78' },
  { kind: 'msisdn', value: '+4915123456789', written: '+49 1512 3456789' },
  { kind: 'msisdn', value: '+12015550123', written: '+1 201-555-0123' },
  { kind: 'msisdn', value: '+34612345678', written: '+34 612 34 56 78' },
];

export const exampleNumber = (random: Random): Planted => pick(random, EXAMPLES);

/** An IMSI on the UK (234) or the test (001) network. */
export function imsi(random: Random): Planted {
  const value = random() < 0.7 ? `23415${digits(random, 10)}` : `00101${digits(random, 10)}`;
  return { kind: 'imsi', value, written: value };
}

/** A Luhn-valid IMEI with a GSMA reporting-body TAC (35...). */
export function imei(random: Random): Planted {
  const body = `35${digits(random, 12)}`;
  const value = body + luhnDigit(body);
  return { kind: 'imei', value, written: value };
}

export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** An X-UIDH / X-ACR style opaque token. */
export function trackingToken(random: Random): string {
  let out = '';
  const length = 32 + Math.floor(random() * 24);
  for (let i = 0; i < length; i++) out += pick(random, [...BASE64]);
  return `${out}==`;
}
