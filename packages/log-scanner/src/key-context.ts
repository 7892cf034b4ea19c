import { type IdentifierKind, lookupHeader, matchHeaderName } from '@linekeeper/identity-core';

/**
 * What the key that owns a value says about it:
 * - `identity`: a catalogue header name (`x-msisdn`, nginx `$http_x_msisdn`, JSON `"X-MSISDN"`) or
 *   a field that only ever names a subscriber identifier (`msisdn`, `phone`, `imsi`);
 * - `other`: a field that names something else made of digits (`order_id`, `ts`, `bytes`), so a
 *   bare digit string under it is not a subscriber;
 * - `none`: no key, or a key that says nothing either way (`q`, `path`, `msg`).
 */
export type KeyContext =
  | { readonly type: 'identity'; readonly kind: IdentifierKind; readonly field: string }
  | { readonly type: 'other'; readonly field: string }
  | { readonly type: 'none'; readonly field: string | undefined };

const NONE: KeyContext = Object.freeze({ type: 'none', field: undefined });
// How far back on a line a key may stand from its value (`"x-msisdn": "` is 14 bytes).
const MAX_KEY_DISTANCE = 24;
const MAX_KEY_LENGTH = 64;

// Field names that carry a subscriber's number although no carrier header is called that.
const IDENTITY_FIELDS: ReadonlyMap<string, IdentifierKind> = new Map([
  ['phone', 'msisdn'],
  ['tel', 'msisdn'],
  ['telephone', 'msisdn'],
  ['mobile', 'msisdn'],
  ['cell', 'msisdn'],
  ['cli', 'msisdn'],
  ['caller', 'msisdn'],
  ['callerid', 'msisdn'],
  ['callingnumber', 'msisdn'],
  ['callednumber', 'msisdn'],
  ['number', 'msisdn'],
]);
// The last word of a field that holds digits which are not a person: ids, times, sizes, money.
const OTHER_FIELD =
  /(?:^|[-.])(?:[a-z]*id|ids|order[a-z]*|ref|reference|invoice[a-z]*|txn|transaction|ts|time[a-z]*|date|epoch|duration|elapsed|latency|[a-z]*ms|amount|price|total|cost|bytes|size|len|length|count|seq|sequence|port|pid|ver|version|build|hash|checksum|crc|offset|nonce|trace[a-z]*|span[a-z]*|request[a-z]*|session[a-z]*|sku|ean|upc|isbn|account|card|pan)$/;

const WORD = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  WORD[c] = /[A-Za-z0-9_\-.$]/.test(ch) ? 1 : 0;
}

/** Normalises a logged key to a header name: `$http_x_msisdn`, `HTTP_X_MSISDN`, `headers.X-MSISDN` → `x-msisdn`. */
export function normaliseKey(raw: string): string {
  let key = raw.toLowerCase();
  const dot = key.lastIndexOf('.');
  if (dot >= 0) key = key.slice(dot + 1);
  if (key.startsWith('$')) key = key.slice(1);
  if (key.startsWith('http_') || key.startsWith('http-')) key = key.slice(5);
  return key.replaceAll('_', '-');
}

/** Classifies a normalised key name. Pure; callers cache it per distinct name. */
export function classifyKey(field: string): KeyContext {
  const entry = lookupHeader(field);
  if (entry) {
    // A client IP is not what this scanner looks for: every web log holds one.
    if (entry.kind === 'client-ip') return { type: 'other', field };
    return { type: 'identity', kind: entry.kind, field };
  }
  const compact = field.replaceAll('-', '');
  const own = IDENTITY_FIELDS.get(compact);
  if (own) return { type: 'identity', kind: own, field };
  const rule = matchHeaderName(field);
  if (rule && rule.strength === 'strong' && rule.kind !== 'client-ip') {
    return { type: 'identity', kind: rule.kind, field };
  }
  if (compact.endsWith('phone') || compact.endsWith('mobile') || compact.endsWith('msisdn')) {
    return { type: 'identity', kind: 'msisdn', field };
  }
  if (OTHER_FIELD.test(field)) return { type: 'other', field };
  return { type: 'none', field };
}

/**
 * Finds the key that owns the value starting at `start`, looking back on the same line only:
 * `x-msisdn: V`, `msisdn=V`, `"x-msisdn":"V"`, `"X-MSISDN": [V`, `'msisdn' => 'V'`, `tel:V`,
 * escaped JSON inside JSON (`\"msisdn\":\"V`), and a bare `MSISDN V` when the word is an identity
 * name. Returns the raw key text, or `undefined`.
 */
export function findOwningKey(buf: Buffer, start: number, floor: number): string | undefined {
  const limit = Math.max(floor, start - MAX_KEY_DISTANCE);
  let p = start - 1;
  let skippedSpace = false;
  // Value decorations: quotes, brackets, spaces, escapes, and a `tel:` scheme.
  while (p >= limit) {
    const c = buf[p] as number;
    if (c === 0x20 || c === 0x09) skippedSpace = true;
    else if (c !== 0x22 && c !== 0x27 && c !== 0x5b && c !== 0x5c && c !== 0x3c) break;
    p--;
  }
  if (p < limit) return undefined;
  let separator = buf[p] as number;
  if (separator === 0x3a && p >= 3 && isTelScheme(buf, p - 3)) return 'tel';
  if (separator === 0x3e && buf[p - 1] === 0x3d) {
    p--; // `=>`
    separator = 0x3d;
  }
  // A URL path segment names the next one: `/orders/447400123456`, `/msisdn/447700900123`.
  const pathSegment = separator === 0x2f && !skippedSpace;
  if (pathSegment) p--;
  else if (separator === 0x3a || separator === 0x3d) {
    p--;
    while (p >= limit) {
      const c = buf[p] as number;
      if (c !== 0x20 && c !== 0x22 && c !== 0x27 && c !== 0x5c && c !== 0x09) break;
      p--;
    }
  } else if (!skippedSpace) {
    return undefined;
  }
  const end = p + 1;
  const keyFloor = Math.max(floor, end - MAX_KEY_LENGTH);
  while (p >= keyFloor && WORD[buf[p] as number] === 1) p--;
  if (end - (p + 1) < 2) return undefined;
  const key = buf.toString('latin1', p + 1, end);
  // A bare `word value` pair is marked: the word counts only when it names an identifier or an
  // id (`MSISDN 4477...`, `order 4477...`), not when it is prose.
  return !pathSegment && (separator === 0x3a || separator === 0x3d) ? key : ` ${key}`;
}

function isTelScheme(buf: Buffer, at: number): boolean {
  return (
    ((buf[at] as number) | 0x20) === 0x74 &&
    ((buf[at + 1] as number) | 0x20) === 0x65 &&
    ((buf[at + 2] as number) | 0x20) === 0x6c
  );
}

/** Key lookups cached per raw key text: a log uses a handful of field names millions of times. */
export function createKeyClassifier(): (buf: Buffer, start: number, floor: number) => KeyContext {
  const cache = new Map<string, KeyContext>();
  return (buf, start, floor) => {
    const raw = findOwningKey(buf, start, floor);
    if (raw === undefined) return NONE;
    let context = cache.get(raw);
    if (context === undefined) {
      const bare = raw.startsWith(' ');
      const classified = classifyKey(normaliseKey(bare ? raw.slice(1) : raw));
      context = bare && classified.type === 'none' ? NONE : Object.freeze(classified);
      if (cache.size < 4096) cache.set(raw, context);
    }
    return context;
  };
}
