import type { Finding, IdentifierKind } from '@linekeeper/identity-core';

/** A finding in the words of someone who is not an engineer. */
export interface FindingExplanation {
  /** Short label, e.g. "Your phone number". */
  readonly label: string;
  /** What the header is and why it matters. */
  readonly whatItIs: string;
  /** Who is known to send it. */
  readonly whoSendsIt: string;
  /** Something from the catalogue the visitor should know (e.g. that the 2012 leak used it). */
  readonly note: string | undefined;
  /** Steps the visitor can take, most useful first. */
  readonly whatYouCanDo: readonly string[];
}

interface KindText {
  readonly label: string;
  readonly whatItIs: string;
  readonly whatYouCanDo: readonly string[];
}

const COMPARE =
  'Compare: open this page again over Wi-Fi, then over mobile data. If the header appears only on mobile data, your mobile operator’s network adds it.';
const OPERATOR =
  'Ask your mobile operator to stop “header enrichment” for your line, and to tell you which websites have received it.';
const ENCRYPT =
  'Prefer HTTPS websites, or use a VPN: a network cannot add headers to traffic it cannot read.';
const REGULATOR =
  'If your operator does not stop it, complain to the data-protection regulator (in the UK, the Information Commissioner’s Office, ico.org.uk).';

const KINDS: Record<IdentifierKind, KindText> = {
  msisdn: {
    label: 'Your phone number',
    whatItIs:
      'Your mobile phone number (MSISDN). Every website that receives it can tie your visits to you, keep it in its logs and share it with advertisers.',
    whatYouCanDo: [COMPARE, OPERATOR, ENCRYPT, REGULATOR],
  },
  imsi: {
    label: 'Your SIM card’s identity',
    whatItIs:
      'The permanent identity of your SIM card (IMSI). It names your subscription to the mobile network and does not change when you clear cookies.',
    whatYouCanDo: [COMPARE, OPERATOR, ENCRYPT, REGULATOR],
  },
  imei: {
    label: 'Your device’s identity',
    whatItIs:
      'The serial number of your phone (IMEI). It stays the same even if you change SIM card or operator, so it can follow you across both.',
    whatYouCanDo: [COMPARE, OPERATOR, ENCRYPT, REGULATOR],
  },
  'subscriber-id': {
    label: 'Your subscriber id',
    whatItIs:
      'An identifier your operator gave your account. It is not your number, but it is the same on every website, so sites can link your visits, and the operator can turn it back into you.',
    whatYouCanDo: [COMPARE, OPERATOR, ENCRYPT, REGULATOR],
  },
  'tracking-id': {
    label: 'A tracking id',
    whatItIs:
      'A tracking identifier inserted by the network (a “supercookie”). Unlike a cookie, you cannot clear it from your browser; advertisers can use it to recognise you.',
    whatYouCanDo: [
      COMPARE,
      'Look in your operator’s privacy settings for an opt-out from advertising or “relevant mobile advertising” programmes.',
      ENCRYPT,
      REGULATOR,
    ],
  },
  'client-ip': {
    label: 'Your network address',
    whatItIs:
      'Your IP address as a proxy between you and this website saw it. On its own it rarely names you, but together with the operator’s records it can, and it tells the website that a proxy is in the path.',
    whatYouCanDo: [
      'If you did not choose to use a proxy, your operator, employer or school may be running one; ask them what it adds to your traffic.',
      ENCRYPT,
    ],
  },
};

/** The plain-language explanation of a finding: what it is, who sends it, what to do. */
export function explainFinding(finding: Finding): FindingExplanation {
  const text = KINDS[finding.kind];
  const entry = finding.entry;
  return {
    label: text.label,
    whatItIs: entry ? `${entry.carries.replace(/\.$/, '')}. ${text.whatItIs}` : text.whatItIs,
    whoSendsIt: entry
      ? entry.usedBy
      : 'This header is not in our catalogue of known identity headers; it was recognised by its name or its value. Something between you and this website added it, or your browser or an app did.',
    note: entry?.note,
    whatYouCanDo: text.whatYouCanDo,
  };
}
