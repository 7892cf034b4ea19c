import { SOURCES } from './catalogue-sources.js';
import { IDENTITY_HEADER_CATALOGUE } from './header-catalogue.js';
import type { CatalogueEntry, IdentifierKind } from './identity-finding.js';

const SECTIONS: readonly { kind: IdentifierKind; title: string }[] = [
  { kind: 'msisdn', title: 'Phone number (MSISDN)' },
  { kind: 'imsi', title: 'SIM identity (IMSI)' },
  { kind: 'imei', title: 'Device identity (IMEI / IMEISV)' },
  { kind: 'subscriber-id', title: 'Operator subscriber ids' },
  { kind: 'tracking-id', title: 'Carrier tracking ids ("supercookies")' },
  { kind: 'client-ip', title: 'Client IP address' },
];

// Longest first, so a source that contains another is replaced whole.
const SOURCE_LABELS = Object.entries(SOURCES).sort(([, a], [, b]) => b.length - a.length);

/**
 * `docs/header-catalogue.md`, rendered from the catalogue, with tables laid out the way the
 * repository's formatter lays them out. A test keeps the checked-in file equal to this;
 * `node --import tsx packages/identity-core/scripts/write-header-catalogue-doc.ts` rewrites it.
 */
export function renderHeaderCatalogueMarkdown(
  catalogue: readonly CatalogueEntry[] = IDENTITY_HEADER_CATALOGUE,
): string {
  const lines = [
    '# Identity-header catalogue',
    '',
    '<!-- Generated from packages/identity-core/src/catalogue-*.ts; do not edit by hand. -->',
    '',
    `${catalogue.length} request headers that carriers, WAP gateways and middleboxes are publicly known to have`,
    'used to carry a subscriber identifier. `detectIdentity()` finds them by name in any case; names not',
    'listed are still caught by suffix (`…msisdn`, `…callinglineid`, `…subno`, `…imsi`, …, the way Adobe',
    'Analytics matches them) and by value (a valid mobile number, an IMSI, a Luhn-valid IMEI). Sources are',
    'listed at the end; "observed in" marks a field measurement rather than vendor documentation.',
    '',
    'Not listed, on purpose: headers that name the gateway or network rather than the subscriber',
    '(`x-up-uplink`, `x-ggsnip`, `x-apn-id`, `x-nokia-gateway-id`, `via`), device descriptions',
    '(`x-wap-profile`, `x-att-deviceid`), and names for which no public source was found.',
    '',
  ];
  for (const section of SECTIONS) {
    const entries = catalogue.filter((entry) => entry.kind === section.kind);
    if (entries.length === 0) continue;
    lines.push(`## ${section.title}: kind \`${section.kind}\` (${entries.length})`, '');
    const rows = entries.map((entry) => [
      `\`${entry.name}\``,
      entry.carries,
      entry.usedBy,
      entry.format,
      labelSources(entry.source),
    ]);
    lines.push(...table(['header', 'carries', 'used by', 'format', 'source'], rows), '');
    const notes = entries.filter((entry) => entry.note);
    for (const entry of notes) lines.push(`- **\`${entry.name}\`**: ${entry.note}`);
    if (notes.length > 0) lines.push('');
  }
  lines.push('## Sources', '');
  for (const [label, text] of Object.entries(SOURCES)) lines.push(`- **[${label}]** ${escapeCell(text)}`);
  lines.push('');
  return lines.join('\n');
}

function labelSources(source: string): string {
  let text = source;
  for (const [label, full] of SOURCE_LABELS) text = text.split(full).join(`[${label}]`);
  return text;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cells = [header, ...rows].map((row) => row.map(escapeCell));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 3)).join(' | ')} |`;
  const [head, ...body] = cells;
  return [line(head ?? []), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
