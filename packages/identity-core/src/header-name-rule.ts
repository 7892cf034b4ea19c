import type { IdentifierKind } from './identity-finding.js';

/** How a header name that is not in the catalogue still looks like it carries an identifier. */
export interface NameRuleMatch {
  readonly kind: IdentifierKind;
  /** The suffix or name token that matched, e.g. `msisdn` or `callinglineid`. */
  readonly token: string;
  /** `strong`: a word that only ever names an identifier (`msisdn`, `imsi`); `weak`: a guess (`uid`). */
  readonly strength: 'strong' | 'weak';
}

interface Rule {
  readonly token: string;
  readonly kind: IdentifierKind;
  readonly strength: 'strong' | 'weak';
}

// Matched against the end of the normalised name the way Adobe Analytics matches subscriber
// headers (lower case, leading `x-` dropped, every character but a-z removed):
// `X-Up-Calling-Line-ID` → `upcallinglineid` ends with `callinglineid`. Adobe's suffixes
// (callinglineid, subno, clientid, uid, clid, deviceid, forwardedfor, msisdn, clientip,
// wapipaddr, huaweinasip, userip, ipaddress, subscriberinfo) are all here; more specific
// suffixes come before the shorter ones they end with.
const SUFFIX_RULES: readonly Rule[] = [
  { token: 'callinglineid', kind: 'msisdn', strength: 'strong' },
  { token: 'callingline', kind: 'msisdn', strength: 'strong' },
  { token: 'callingstationid', kind: 'msisdn', strength: 'strong' },
  { token: 'msisdn', kind: 'msisdn', strength: 'strong' },
  { token: 'misdn', kind: 'msisdn', strength: 'strong' },
  { token: 'mobilenumber', kind: 'msisdn', strength: 'strong' },
  { token: 'phonenumber', kind: 'msisdn', strength: 'strong' },
  { token: 'mobileno', kind: 'msisdn', strength: 'weak' },
  { token: 'phoneno', kind: 'msisdn', strength: 'weak' },
  { token: 'clid', kind: 'msisdn', strength: 'weak' },
  { token: 'cli', kind: 'msisdn', strength: 'weak' },
  { token: 'mdn', kind: 'msisdn', strength: 'weak' },
  { token: 'imeisv', kind: 'imei', strength: 'strong' },
  { token: 'imei', kind: 'imei', strength: 'strong' },
  { token: 'imsi', kind: 'imsi', strength: 'strong' },
  { token: 'subscriberid', kind: 'subscriber-id', strength: 'strong' },
  { token: 'subscriberno', kind: 'subscriber-id', strength: 'strong' },
  { token: 'subno', kind: 'subscriber-id', strength: 'strong' },
  { token: 'subnym', kind: 'subscriber-id', strength: 'strong' },
  { token: 'subid', kind: 'subscriber-id', strength: 'weak' },
  { token: 'userid', kind: 'subscriber-id', strength: 'weak' },
  { token: 'clientid', kind: 'subscriber-id', strength: 'weak' },
  { token: 'deviceid', kind: 'subscriber-id', strength: 'weak' },
  { token: 'uidh', kind: 'tracking-id', strength: 'strong' },
  { token: 'acr', kind: 'tracking-id', strength: 'weak' },
  { token: 'uid', kind: 'subscriber-id', strength: 'weak' },
  { token: 'forwardedfor', kind: 'client-ip', strength: 'strong' },
  { token: 'realip', kind: 'client-ip', strength: 'strong' },
  { token: 'clientip', kind: 'client-ip', strength: 'strong' },
  { token: 'wapipaddr', kind: 'client-ip', strength: 'strong' },
  { token: 'subscriberip', kind: 'client-ip', strength: 'strong' },
  { token: 'ipaddress', kind: 'client-ip', strength: 'weak' },
  { token: 'nasip', kind: 'client-ip', strength: 'weak' },
  { token: 'userip', kind: 'client-ip', strength: 'weak' },
  { token: 'subscriberinfo', kind: 'client-ip', strength: 'weak' },
];

// Names that end like an identifier but are not one: request and trace ids, random UUIDs.
const NOT_IDENTITY = /(?:uuid|guid|requestid|traceid|spanid|correlationid)$/;

// Whole `-`/`_`-separated words of a raw name that name an identifier wherever they stand,
// so `x-imsi-hash` and `x-msisdn-encrypted` are caught although their suffix is not.
const WORD_RULES: ReadonlyMap<string, Rule> = new Map(
  ['msisdn', 'imsi', 'imei', 'imeisv', 'uidh', 'subno'].map((token) => {
    const rule = SUFFIX_RULES.find((r) => r.token === token) as Rule;
    return [token, rule];
  }),
);

/** Lower case, without a leading `x-`, letters only: `X-Up-Calling-Line-ID` → `upcallinglineid`. */
export function normaliseHeaderName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^x[-_]/, '')
    .replace(/[^a-z]/g, '');
}

/**
 * The suffix or word rule a header name matches, if any. Used for names the catalogue does not
 * list; errs towards matching, because the gateway strips whatever matches from inbound requests.
 */
export function matchHeaderName(name: string): NameRuleMatch | undefined {
  const normalised = normaliseHeaderName(name);
  for (const word of name.toLowerCase().split(/[-_]+/)) {
    const rule = WORD_RULES.get(word);
    if (rule) return { kind: rule.kind, token: rule.token, strength: rule.strength };
  }
  if (NOT_IDENTITY.test(normalised)) return undefined;
  for (const rule of SUFFIX_RULES) {
    if (normalised.endsWith(rule.token) && normalised.length >= rule.token.length) {
      return { kind: rule.kind, token: rule.token, strength: rule.strength };
    }
  }
  return undefined;
}
