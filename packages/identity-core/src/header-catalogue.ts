import { CLIENT_IP_HEADERS } from './catalogue-client-ip-headers.js';
import { NUMBER_HEADERS } from './catalogue-number-headers.js';
import { SUBSCRIBER_HEADERS } from './catalogue-subscriber-headers.js';
import { matchHeaderName } from './header-name-rule.js';
import type { CatalogueEntry } from './identity-finding.js';

/**
 * Every header name carriers, WAP gateways and middleboxes are publicly known to have used to
 * carry a subscriber identifier, with what it carries, who sent it and where that is documented.
 * Rendered in `docs/header-catalogue.md`.
 */
export const IDENTITY_HEADER_CATALOGUE: readonly CatalogueEntry[] = Object.freeze(
  [...NUMBER_HEADERS, ...SUBSCRIBER_HEADERS, ...CLIENT_IP_HEADERS].map((entry) =>
    Object.freeze({ ...entry }),
  ),
);

const BY_NAME: ReadonlyMap<string, CatalogueEntry> = new Map(
  IDENTITY_HEADER_CATALOGUE.map((entry) => [entry.name, entry]),
);

/** The catalogue entry for a header name, in any case. */
export function lookupHeader(name: string): CatalogueEntry | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/**
 * True when a header name is in the catalogue or looks like an identity header by its suffix or
 * one of its words (`x-foo-msisdn`, `x-imsi-hash`). The gateway strips inbound headers for which
 * this holds, so it errs towards true.
 */
export function isIdentityHeaderName(name: string): boolean {
  return lookupHeader(name) !== undefined || matchHeaderName(name) !== undefined;
}
