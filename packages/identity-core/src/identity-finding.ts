/** What a subscriber identifier found on the wire is. */
export type IdentifierKind = 'msisdn' | 'imsi' | 'imei' | 'subscriber-id' | 'tracking-id' | 'client-ip';

export const IDENTIFIER_KINDS: readonly IdentifierKind[] = Object.freeze([
  'msisdn',
  'imsi',
  'imei',
  'subscriber-id',
  'tracking-id',
  'client-ip',
]);

/** `high`: a catalogue name with a value of the right form, or a validated value; `low`: a guess. */
export type Confidence = 'high' | 'medium' | 'low';

/** One entry of the identity-header catalogue (see `docs/header-catalogue.md`). */
export interface CatalogueEntry {
  /** Header name, lower case. */
  readonly name: string;
  readonly kind: IdentifierKind;
  /** What the header carries, in plain language. */
  readonly carries: string;
  /** Who is publicly known to have sent it (carriers, gateway products). */
  readonly usedBy: string;
  /** The value's format (`447700900123`, base64 token, ...). */
  readonly format: string;
  /** Where that is documented publicly. */
  readonly source: string;
  /** Anything a visitor should know, e.g. that the 2012 leak used it. */
  readonly note?: string;
}

/** One identity-bearing header found in a set of headers. */
export interface Finding {
  /** The header name as received (lower case). */
  readonly header: string;
  readonly kind: IdentifierKind;
  readonly confidence: Confidence;
  /** Why it was reported: which catalogue entry or suffix matched, what the value validated as. */
  readonly reason: string;
  /** The catalogue entry, when the name matched one. */
  readonly entry?: CatalogueEntry;
}
