import type { ExposureReport } from './exposure-report.js';

/** Marks what only a person can decide; never filled in by the software. */
export const TO_BE_COMPLETED = '[TO BE COMPLETED BY THE DATA PROTECTION OFFICER]';

const FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  msisdn: 'mobile phone number (MSISDN)',
  pseudonym: 'partner-specific pseudonymous identifier',
  imsi: 'subscriber identity (IMSI)',
  imei: 'device identity (IMEI)',
  'rat-type': 'radio access type',
};

/**
 * What a GDPR Article 33(3) notification (and a PECR personal-data-breach report) asks for:
 * the facts computed from the ledger, the judgements left as marked placeholders.
 */
export interface BreachSummary {
  readonly basis: 'outside-policy' | 'all-disclosures-in-window';
  readonly natureOfBreach: string;
  readonly windowRequested: { readonly from: string; readonly to: string };
  readonly firstDisclosure: string | null;
  readonly lastDisclosure: string | null;
  readonly categoriesOfDataSubjects: string;
  readonly approximateNumberOfDataSubjects: number;
  readonly categoriesOfPersonalData: readonly string[];
  readonly approximateNumberOfRecords: number;
  readonly recipients: { readonly hosts: number; readonly list: readonly string[] };
  readonly likelyConsequences: string;
  readonly measuresTaken: string;
  readonly measuresProposed: string;
  readonly whenDetected: string;
  readonly dpoContact: string;
}

export function breachSummary(report: ExposureReport): BreachSummary {
  const outside = report.outsidePolicy;
  const basis = outside ? 'outside-policy' : 'all-disclosures-in-window';
  const hosts = outside ? outside.hosts.map((h) => h.host) : report.hosts.map((h) => h.host);
  const fields = outside ? outside.fields : report.byField.map((f) => f.field);
  const subscribers = outside ? outside.subscribers : report.totals.subscribers;
  const records = outside ? outside.disclosures : report.totals.disclosures;
  const first = outside
    ? outside.firstAt
    : report.hosts.reduce<Date | undefined>((m, h) => (!m || h.firstAt < m ? h.firstAt : m), undefined);
  const last = outside
    ? outside.lastAt
    : report.hosts.reduce<Date | undefined>((m, h) => (!m || h.lastAt > m ? h.lastAt : m), undefined);
  const described = fields.map((f) => FIELD_DESCRIPTIONS[f] ?? f);
  const nature = outside
    ? `Confidentiality breach: the header-enrichment gateway disclosed subscriber identity (${described.join(', ') || 'none'}) ` +
      `to ${hosts.length} website host(s) that the intended partner policy does not list for that partner, purpose and data, ` +
      `in ${records} HTTP request(s) concerning ${subscribers} subscriber(s).`
    : `Subscriber identity (${described.join(', ') || 'none'}) disclosed to ${hosts.length} host(s) in ${records} request(s) ` +
      `concerning ${subscribers} subscriber(s); no intended policy was given, so every disclosure in the window is counted.`;
  return {
    basis,
    natureOfBreach: nature,
    windowRequested: { from: report.from.toISOString(), to: report.to.toISOString() },
    firstDisclosure: first?.toISOString() ?? null,
    lastDisclosure: last?.toISOString() ?? null,
    categoriesOfDataSubjects:
      'mobile subscribers of the operator browsing over mobile data (including sister brands on the same network)',
    approximateNumberOfDataSubjects: subscribers,
    categoriesOfPersonalData: described,
    approximateNumberOfRecords: records,
    recipients: { hosts: hosts.length, list: hosts },
    likelyConsequences: `${TO_BE_COMPLETED} (facts: numbers reached ${hosts.length} site(s), which may have stored them in server logs and linked them to browsing)`,
    measuresTaken: TO_BE_COMPLETED,
    measuresProposed: TO_BE_COMPLETED,
    whenDetected: TO_BE_COMPLETED,
    dpoContact: TO_BE_COMPLETED,
  };
}

/** The summary as a plain-text block for the report and the regulator's form. */
export function renderBreachSummary(summary: BreachSummary): string {
  const lines: Array<[string, string]> = [
    ['Nature of the breach', summary.natureOfBreach],
    ['Window examined', `${summary.windowRequested.from} to ${summary.windowRequested.to}`],
    ['Disclosures from / to', `${summary.firstDisclosure ?? '-'} / ${summary.lastDisclosure ?? '-'}`],
    ['Categories of data subjects', summary.categoriesOfDataSubjects],
    ['Approximate number of data subjects', String(summary.approximateNumberOfDataSubjects)],
    ['Categories of personal data', summary.categoriesOfPersonalData.join('; ') || '-'],
    ['Approximate number of records', String(summary.approximateNumberOfRecords)],
    [
      'Recipients (hosts)',
      `${summary.recipients.hosts}: ${summary.recipients.list.slice(0, 20).join(', ')}${summary.recipients.hosts > 20 ? ', …' : ''}`,
    ],
    ['Likely consequences', summary.likelyConsequences],
    ['Measures taken', summary.measuresTaken],
    ['Measures proposed', summary.measuresProposed],
    ['When and how detected', summary.whenDetected],
    ['DPO / contact point', summary.dpoContact],
  ];
  return lines.map(([k, v]) => `${k}: ${v}`).join('\n');
}
