export interface Imei {
  /** The 15-digit IMEI, or the 16-digit IMEISV. */
  readonly value: string;
  readonly kind: 'imei' | 'imeisv';
  /** Type Allocation Code: the first eight digits, naming the device model. */
  readonly tac: string;
}

/** Luhn check over a digit string whose last digit is the check digit. */
export function hasValidLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * An IMEI (3GPP TS 23.003 §6.2.1: TAC 8 + serial 6 + Luhn check digit) or an IMEISV (TAC 8 +
 * serial 6 + software version 2, no check digit). Separators (`-`, space, `/`) are accepted,
 * as devices print them. An IMEISV has no check digit, so `allowImeisv` is for contexts that
 * already say the value is a device identity (a 3GPP-IMEISV attribute, a catalogue header).
 */
export function parseImei(input: string, options: { allowImeisv?: boolean } = {}): Imei | undefined {
  const text = input.trim();
  if (!/^[\d\s\-/]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (/^(\d)\1+$/.test(digits)) return undefined;
  if (digits.length === 15 && hasValidLuhn(digits)) {
    return Object.freeze({ value: digits, kind: 'imei', tac: digits.slice(0, 8) });
  }
  if (digits.length === 16 && options.allowImeisv) {
    return Object.freeze({ value: digits, kind: 'imeisv', tac: digits.slice(0, 8) });
  }
  return undefined;
}
