import type { AffectedSubscriber } from './exposure-report.js';

const NUMBER_LIKE = /^[+-]?[0-9][0-9 .]*$/;

/**
 * One RFC 4180 cell. Quoted when it holds a comma, quote, CR or LF; quotes doubled. A cell a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`
 * — except plain numbers such as an E.164 `+447700900123`, which stay as they are.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER_LIKE.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** The notification list: one line per subscriber whose identity went outside the policy. */
export function affectedSubscribersCsv(affected: readonly AffectedSubscriber[]): string {
  return toCsv([
    ['msisdn', 'first_disclosure', 'last_disclosure', 'hosts', 'fields', 'disclosures'],
    ...affected.map((a) => [
      a.msisdn,
      a.firstAt.toISOString(),
      a.lastAt.toISOString(),
      a.hosts.join(' '),
      a.fields.join(' '),
      a.disclosures,
    ]),
  ]);
}
