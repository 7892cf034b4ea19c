import type { ScannedKind } from './candidate-validator.js';

/** Everything one file says about one identifier. Plain data: it crosses worker threads. */
export interface IdentifierTally {
  readonly kind: ScannedKind;
  /** Normal form: E.164, IMSI, IMEI, or the raw token. */
  readonly value: string;
  count: number;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  /** 1-based line numbers, the first `MAX_LINES_KEPT` of them. */
  readonly lines: number[];
  readonly fields: string[];
}

/** What scanning one file produced. */
export interface FileScanResult {
  readonly path: string;
  readonly gzip: boolean;
  /** Bytes of (decompressed) text scanned. */
  readonly bytes: number;
  readonly lines: number;
  /** Lines holding at least one identifier. */
  readonly records: number;
  readonly identifiers: IdentifierTally[];
  /** Identifiers seen on the same line (`kind:value` pairs): one person, for the people count. */
  readonly links: [string, string][];
  readonly redactedTo?: string;
  readonly backup?: string;
  /** Why the file was skipped or only partly read. */
  readonly problem?: { readonly code: string; readonly message: string };
}

export const MAX_LINES_KEPT = 1000;

interface Entry {
  readonly key: string;
  readonly tally: IdentifierTally;
}
const MAX_LINKS = 100_000;

/** Accumulates one file's findings as the scanner reports them, line by line. */
export class FileTally {
  // By kind, then value: no key is built per finding (an identifier's `kind:value` key, used
  // for links between identifiers on one line, is made once when it is first seen).
  readonly #byKind = new Map<ScannedKind, Map<string, Entry>>();
  readonly #inOrder: IdentifierTally[] = [];
  readonly #links = new Set<string>();
  #records = 0;
  #findings = 0;
  #line = -1;
  #lineKeys: string[] = [];

  get findings(): number {
    return this.#findings;
  }

  add(
    kind: ScannedKind,
    value: string,
    field: string | undefined,
    line: number,
    time: number | undefined,
  ): void {
    let byValue = this.#byKind.get(kind);
    if (!byValue) {
      byValue = new Map();
      this.#byKind.set(kind, byValue);
    }
    let entry = byValue.get(value);
    if (!entry) {
      entry = {
        key: `${kind}:${value}`,
        tally: { kind, value, count: 0, firstSeen: undefined, lastSeen: undefined, lines: [], fields: [] },
      };
      byValue.set(value, entry);
      this.#inOrder.push(entry.tally);
    }
    const { tally, key } = entry;
    tally.count++;
    this.#findings++;
    if (time !== undefined) {
      if (tally.firstSeen === undefined || time < tally.firstSeen) tally.firstSeen = time;
      if (tally.lastSeen === undefined || time > tally.lastSeen) tally.lastSeen = time;
    }
    const lines = tally.lines;
    if (lines.length < MAX_LINES_KEPT && lines[lines.length - 1] !== line) lines.push(line);
    if (field !== undefined && tally.fields.length < 16 && !tally.fields.includes(field))
      tally.fields.push(field);
    if (line !== this.#line) {
      this.#line = line;
      this.#records++;
      this.#lineKeys = [key];
      return;
    }
    for (const other of this.#lineKeys) {
      if (other !== key && this.#links.size < MAX_LINKS)
        this.#links.add(other < key ? `${other}\n${key}` : `${key}\n${other}`);
    }
    if (!this.#lineKeys.includes(key)) this.#lineKeys.push(key);
  }

  result(base: { path: string; gzip: boolean; bytes: number; lines: number }): FileScanResult {
    return {
      ...base,
      records: this.#records,
      identifiers: [...this.#inOrder],
      links: [...this.#links].map((pair) => pair.split('\n') as [string, string]),
    };
  }
}
