import type { CountryCode } from 'libphonenumber-js/max';
import { parseImei } from './imei.js';
import { parseImsi } from './imsi.js';
import { parsePhoneNumber } from './phone-number.js';

export type RedactedKind = 'msisdn' | 'imsi' | 'imei';

export interface RedactOptions {
  readonly defaultCountry?: CountryCode;
  /** What replaces an identifier; by default `[msisdn]`, `[imsi]` or `[imei]`. */
  readonly mask?: (kind: RedactedKind, original: string) => string;
  /**
   * The text is JSON: a mask that replaces a bare number value (`"n":447700900123`) is quoted,
   * so the line stays valid JSON.
   */
  readonly json?: boolean;
}

// A run of digits with the separators people and carriers write between them.
const SPAN = /\+?\d[\d\-. ()/]*\d/g;
const GROUP = /\+?\d+/g;
const MAX_WINDOW_GROUPS = 7;
const defaultMask = (kind: RedactedKind): string => `[${kind}]`;

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: number;
}

/**
 * Replaces every phone number, IMSI and IMEI in `text`, in any written form, with a mask.
 * Meant for log lines and other free text that must not keep identifiers: it errs towards
 * redacting. Within a run of digits and separators it tries windows of digit groups, longest
 * first, so a number glued to an IP address or a date is still found.
 */
export function redactIdentifiers(text: string, options: RedactOptions = {}): string {
  const mask = options.mask ?? defaultMask;
  let out = '';
  let last = 0;
  for (const span of text.matchAll(SPAN)) {
    const spanText = span[0];
    if (spanText.length < 6) continue;
    const base = span.index;
    for (const hit of findInSpan(spanText, options.defaultCountry)) {
      let replacement = mask(hit.kind, spanText.slice(hit.start, hit.end));
      if (options.json && isBareJsonValue(text, base + hit.start, base + hit.end)) {
        replacement = JSON.stringify(replacement);
      }
      out += text.slice(last, base + hit.start) + replacement;
      last = base + hit.end;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** True when `text` holds at least one identifier `redactIdentifiers` would mask. */
export function containsIdentifier(text: string, options: RedactOptions = {}): boolean {
  for (const span of text.matchAll(SPAN)) {
    if (span[0].length >= 6 && findInSpan(span[0], options.defaultCountry).length > 0) return true;
  }
  return false;
}

function isBareJsonValue(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start).trimEnd().at(-1);
  const after = text.slice(end).trimStart()[0];
  const valuePosition =
    (before === ':' || before === '[' || before === ',') && (after === ',' || after === '}' || after === ']');
  return valuePosition && !insideJsonString(text, start);
}

function insideJsonString(text: string, position: number): boolean {
  let inside = false;
  for (let i = 0; i < position; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && inside) i++;
    else if (c === 34 /* " */) inside = !inside;
  }
  return inside;
}

function findInSpan(
  span: string,
  defaultCountry: CountryCode | undefined,
): { start: number; end: number; kind: RedactedKind }[] {
  const groups: Group[] = [];
  for (const g of span.matchAll(GROUP)) {
    groups.push({ start: g.index, end: g.index + g[0].length, digits: g[0].replace('+', '').length });
  }
  const hits: { start: number; end: number; kind: RedactedKind }[] = [];
  let i = 0;
  while (i < groups.length) {
    let matched = false;
    const maxJ = Math.min(groups.length - 1, i + MAX_WINDOW_GROUPS - 1);
    for (let j = maxJ; j >= i; j--) {
      const first = groups[i] as Group;
      const lastGroup = groups[j] as Group;
      let digits = 0;
      for (let k = i; k <= j; k++) digits += (groups[k] as Group).digits;
      if (digits < 7 || digits > 17) continue;
      const candidate = span.slice(first.start, lastGroup.end);
      const kind = classify(candidate, digits, i === j, defaultCountry);
      if (kind) {
        hits.push({ start: first.start, end: lastGroup.end, kind });
        i = j + 1;
        matched = true;
        break;
      }
    }
    if (!matched) i++;
  }
  return hits;
}

function classify(
  candidate: string,
  digits: number,
  compact: boolean,
  defaultCountry: CountryCode | undefined,
): RedactedKind | undefined {
  if (digits === 15 || digits === 16) {
    if (compact && parseImsi(candidate)) return 'imsi';
    if (parseImei(candidate, { allowImeisv: false })) return 'imei';
  }
  const phone = parsePhoneNumber(candidate, defaultCountry ? { defaultCountry } : {});
  return phone.ok ? 'msisdn' : undefined;
}
