import type { ScannedKind } from './candidate-validator.js';
import type { FileScanResult } from './file-tally.js';

/** One identifier across every file scanned. */
export interface ReportedIdentifier {
  readonly kind: ScannedKind;
  readonly value: string;
  readonly count: number;
  readonly firstSeen: number | undefined;
  readonly lastSeen: number | undefined;
  readonly files: { readonly path: string; readonly lines: readonly number[]; readonly count: number }[];
  readonly fields: readonly string[];
}

/** What a breach assessment needs. */
export interface BreachAssessment {
  /** Distinct people: identifiers seen on one line are counted as one person. */
  readonly people: number;
  /** Lines (log records) holding at least one identifier. */
  readonly records: number;
  readonly identifiersByKind: Readonly<Record<ScannedKind, number>>;
  readonly windowStart: number | undefined;
  readonly windowEnd: number | undefined;
}

export interface ScanReport {
  readonly identifiers: ReportedIdentifier[];
  readonly assessment: BreachAssessment;
  readonly files: {
    readonly path: string;
    readonly bytes: number;
    readonly lines: number;
    readonly findings: number;
    readonly redactedTo?: string;
    readonly backup?: string;
  }[];
  readonly problems: { readonly path: string; readonly code: string; readonly message: string }[];
  readonly bytes: number;
  readonly findings: number;
}

/** Merges per-file results (from workers, in any order) into one report. */
export function buildScanReport(results: readonly FileScanResult[]): ScanReport {
  const byKey = new Map<
    string,
    ReportedIdentifier & {
      count: number;
      firstSeen: number | undefined;
      lastSeen: number | undefined;
      fields: string[];
    }
  >();
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let node = key;
    while (node !== root) {
      const next = parent.get(node) ?? root;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  let records = 0;
  let bytes = 0;
  let findings = 0;
  const files: ScanReport['files'] = [];
  const problems: ScanReport['problems'] = [];
  const sorted = [...results].sort((a, b) => a.path.localeCompare(b.path));
  for (const result of sorted) {
    records += result.records;
    bytes += result.bytes;
    let fileFindings = 0;
    for (const t of result.identifiers) {
      const key = `${t.kind}:${t.value}`;
      if (!parent.has(key)) parent.set(key, key);
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          kind: t.kind,
          value: t.value,
          count: 0,
          firstSeen: undefined,
          lastSeen: undefined,
          files: [],
          fields: [],
        };
        byKey.set(key, entry);
      }
      entry.count += t.count;
      fileFindings += t.count;
      entry.firstSeen = min(entry.firstSeen, t.firstSeen);
      entry.lastSeen = max(entry.lastSeen, t.lastSeen);
      entry.files.push({ path: result.path, lines: t.lines, count: t.count });
      for (const f of t.fields) if (!entry.fields.includes(f)) entry.fields.push(f);
    }
    for (const [a, b] of result.links) {
      if (parent.has(a) && parent.has(b)) parent.set(find(a), find(b));
    }
    findings += fileFindings;
    files.push({
      path: result.path,
      bytes: result.bytes,
      lines: result.lines,
      findings: fileFindings,
      ...(result.redactedTo ? { redactedTo: result.redactedTo } : {}),
      ...(result.backup ? { backup: result.backup } : {}),
    });
    if (result.problem) problems.push({ path: result.path, ...result.problem });
  }
  const identifiers = [...byKey.values()].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const people = new Set([...byKey.keys()].map(find)).size;
  const identifiersByKind: Record<ScannedKind, number> = {
    msisdn: 0,
    imsi: 0,
    imei: 0,
    'subscriber-id': 0,
    'tracking-id': 0,
  };
  let windowStart: number | undefined;
  let windowEnd: number | undefined;
  for (const id of identifiers) {
    identifiersByKind[id.kind]++;
    windowStart = min(windowStart, id.firstSeen);
    windowEnd = max(windowEnd, id.lastSeen);
  }
  return {
    identifiers,
    assessment: { people, records, identifiersByKind, windowStart, windowEnd },
    files,
    problems,
    bytes,
    findings,
  };
}

const min = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
const max = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
