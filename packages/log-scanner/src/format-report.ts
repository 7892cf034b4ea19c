import type { ScannedKind } from './candidate-validator.js';
import type { ReportedIdentifier, ScanReport } from './scan-report.js';

export interface FormatOptions {
  /** Show identifiers in full (default: masked, so the report itself is not a new leak). */
  readonly reveal?: boolean;
}

/**
 * Masks an identifier for display, keeping what an investigator needs and nothing that names a
 * person: a number's country code and last three digits, an IMSI's network (MCC+MNC), an IMEI's
 * device model (TAC), a token's first four characters.
 */
export function maskIdentifier(kind: ScannedKind, value: string): string {
  const stars = (n: number): string => '*'.repeat(Math.max(0, n));
  switch (kind) {
    case 'msisdn':
      return `${value.slice(0, 3)}${stars(value.length - 6)}${value.slice(-3)}`;
    case 'imsi':
      return `${value.slice(0, 5)}${stars(value.length - 5)}`;
    case 'imei':
      return `${value.slice(0, 8)}${stars(value.length - 8)}`;
    default:
      return `${value.slice(0, 4)}…(${value.length})`;
  }
}

const iso = (t: number | undefined): string =>
  t === undefined ? '' : new Date(t).toISOString().replace('.000Z', 'Z');
const shown = (id: ReportedIdentifier, options: FormatOptions): string =>
  options.reveal ? id.value : maskIdentifier(id.kind, id.value);
const lineList = (id: ReportedIdentifier, max: number): string =>
  id.files
    .map(
      (f) =>
        `${f.path}:${f.lines.slice(0, max).join(',')}${f.lines.length > max || f.count > f.lines.length ? ',…' : ''}`,
    )
    .join(' ');

export function formatJson(report: ScanReport, options: FormatOptions = {}): string {
  const identifiers = report.identifiers.map((id) => ({
    kind: id.kind,
    identifier: shown(id, options),
    count: id.count,
    firstSeen: iso(id.firstSeen) || null,
    lastSeen: iso(id.lastSeen) || null,
    fields: id.fields,
    files: id.files,
  }));
  const { assessment } = report;
  return `${JSON.stringify(
    {
      identifiers,
      totals: {
        bytes: report.bytes,
        findings: report.findings,
        files: report.files.length,
        distinctIdentifiers: report.identifiers.length,
      },
      assessment: {
        ...assessment,
        windowStart: iso(assessment.windowStart) || null,
        windowEnd: iso(assessment.windowEnd) || null,
      },
      files: report.files,
      problems: report.problems,
    },
    null,
    2,
  )}\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsv(report: ScanReport, options: FormatOptions = {}): string {
  const rows = [['kind', 'identifier', 'count', 'first_seen', 'last_seen', 'fields', 'files', 'lines']];
  for (const id of report.identifiers) {
    rows.push([
      id.kind,
      shown(id, options),
      String(id.count),
      iso(id.firstSeen),
      iso(id.lastSeen),
      id.fields.join(';'),
      id.files.map((f) => f.path).join(';'),
      lineList(id, 1000),
    ]);
  }
  return `${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/** A terminal table plus the totals and the breach-assessment figures. */
export function formatTable(report: ScanReport, options: FormatOptions = {}): string {
  const header = ['KIND', 'IDENTIFIER', 'COUNT', 'FIRST SEEN', 'LAST SEEN', 'FIELD', 'WHERE (file:lines)'];
  const rows = report.identifiers.map((id) => [
    id.kind,
    shown(id, options),
    String(id.count),
    iso(id.firstSeen),
    iso(id.lastSeen),
    id.fields.join(',') || '-',
    lineList(id, 5),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const render = (r: string[]): string =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  const out: string[] = [];
  if (rows.length > 0) out.push(render(header), ...rows.map(render), '');
  const a = report.assessment;
  const kinds = Object.entries(a.identifiersByKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  out.push(
    `scanned ${report.files.length} file(s), ${formatBytes(report.bytes)}: ${report.findings} finding(s) of ${report.identifiers.length} distinct identifier(s)${kinds ? ` (${kinds})` : ''}`,
    `breach assessment: ${a.people} distinct people, ${a.records} record(s)${a.windowStart !== undefined ? `, window ${iso(a.windowStart)} – ${iso(a.windowEnd)}` : ''}`,
  );
  for (const f of report.files)
    if (f.redactedTo)
      out.push(`redacted ${f.path} → ${f.redactedTo}${f.backup ? ` (original kept as ${f.backup})` : ''}`);
  for (const p of report.problems) out.push(`skipped ${p.path}: ${p.code}: ${p.message}`);
  return `${out.join('\n')}\n`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
