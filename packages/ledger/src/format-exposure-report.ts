import { type BreachSummary, renderBreachSummary } from './breach-summary.js';
import type { ExposureReport } from './exposure-report.js';

const pad = (text: string | number, width: number): string => String(text).padEnd(width);
const padLeft = (text: string | number, width: number): string => String(text).padStart(width);

/** The exposure report for a terminal: tables, then the Article 33 summary. Never any MSISDN. */
export function formatExposureReport(report: ExposureReport, summary: BreachSummary): string {
  const out: string[] = [];
  const hostWidth = Math.max(
    4,
    ...report.hosts.map((h) => h.host.length),
    ...report.byPurpose.map((p) => p.host.length),
  );
  out.push(
    `Exposure ${report.from.toISOString()} – ${report.to.toISOString()}${report.host ? ` (host ${report.host})` : ''}`,
  );
  out.push(
    `${report.totals.disclosures} disclosures of ${report.totals.subscribers} distinct subscribers to ${report.totals.hosts} hosts`,
    '',
    `${pad('host', hostWidth)}  ${padLeft('subscribers', 11)}  ${padLeft('disclosures', 11)}  first / last`,
  );
  for (const h of report.hosts) {
    out.push(
      `${pad(h.host, hostWidth)}  ${padLeft(h.subscribers, 11)}  ${padLeft(h.disclosures, 11)}  ${h.firstAt.toISOString()} / ${h.lastAt.toISOString()}`,
    );
  }
  out.push('', `${pad('host', hostWidth)}  partner / purpose: subscribers, disclosures`);
  for (const p of report.byPurpose) {
    out.push(`${pad(p.host, hostWidth)}  ${p.partnerId} / ${p.purpose}: ${p.subscribers}, ${p.disclosures}`);
  }
  out.push('', 'fields: subscribers, disclosures');
  for (const f of report.byField) out.push(`  ${f.field}: ${f.subscribers}, ${f.disclosures}`);
  const outside = report.outsidePolicy;
  if (outside) {
    out.push(
      '',
      `OUTSIDE THE POLICY: ${outside.disclosures} disclosures of ${outside.subscribers} subscribers to ${outside.hosts.length} hosts`,
    );
    for (const h of outside.hosts)
      out.push(`  ${pad(h.host, hostWidth)}  ${h.subscribers} subscribers, ${h.disclosures} disclosures`);
  }
  if (report.summarisedDays.length > 0) {
    out.push(
      '',
      `(${report.summarisedDays.length} whole day(s) read from the daily summaries, the rest from raw rows)`,
    );
  }
  out.push('', 'Breach notification summary (GDPR Art. 33(3) / PECR)', renderBreachSummary(summary), '');
  return out.join('\n');
}
