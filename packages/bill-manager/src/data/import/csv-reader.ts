import { createReadStream } from 'node:fs';

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvFile {
  readonly header: readonly string[];
  /** The rows after the header, in batches (one per chunk read), blank lines left out. */
  readonly batches: AsyncIterable<CsvRow[]>;
}

/** A CSV file as raw lines: the header, then every later line (blank ones too) in batches. */
export interface CsvLines {
  readonly header: readonly string[];
  /** Line `n` of a batch is file line `previous lines + n + 2` (the header is line 1). */
  readonly batches: AsyncIterable<string[]>;
}

/**
 * Reads a CSV file (RFC 4180 quoting, one record per line, UTF-8) as a stream of rows. Quoted
 * fields may hold commas and doubled quotes but not line breaks: billing systems don't write
 * them, and refusing them keeps line numbers in error reports exact.
 */
export async function openCsv(path: string, onBytes?: (bytes: number) => void): Promise<CsvFile> {
  const lines = await openCsvLines(path, onBytes);
  let line = 1;
  async function* batches(): AsyncGenerator<CsvRow[]> {
    for await (const texts of lines.batches) {
      const rows: CsvRow[] = [];
      for (const text of texts) {
        line += 1;
        if (text !== '') rows.push({ line, fields: splitCsvLine(text) });
      }
      yield rows;
    }
  }
  return { header: lines.header, batches: batches() };
}

/** The header and the raw lines after it, for readers that split lines themselves. */
export async function openCsvLines(path: string, onBytes?: (bytes: number) => void): Promise<CsvLines> {
  const chunks = readLineBatches(path, onBytes);
  let pending: string[] = [];
  let header: string[] = [];
  // Find the header: the first line of the first chunk that has one.
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    if (next.value.length === 0) continue;
    header = splitCsvLine(stripBom(next.value[0] as string)).map((name) => name.trim());
    pending = next.value.slice(1);
    break;
  }
  async function* batches(): AsyncGenerator<string[]> {
    if (pending.length > 0) yield pending;
    for await (const texts of { [Symbol.asyncIterator]: () => chunks }) yield texts;
  }
  return { header, batches: batches() };
}

/** A CSV file as bytes: the header, then the rest in chunks that each end at a line's end. */
export interface CsvChunks {
  readonly header: readonly string[];
  /** Whole lines, `\n`-terminated (the last may lack it); the header line is not in them. */
  readonly chunks: AsyncIterable<Buffer>;
}

/**
 * The header and the raw bytes after it, for readers that scan lines themselves: no line is
 * decoded to a string unless the reader asks. `\n` never occurs inside a UTF-8 sequence, so
 * cutting chunks at line ends keeps every character whole.
 */
export async function openCsvChunks(path: string, onBytes?: (bytes: number) => void): Promise<CsvChunks> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })[Symbol.asyncIterator]();
  let rest: Buffer = Buffer.alloc(0);
  let done = false;
  const more = async (): Promise<boolean> => {
    const next = await stream.next();
    if (next.done) {
      done = true;
      return false;
    }
    const chunk = next.value as Buffer;
    onBytes?.(chunk.length);
    rest = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    return true;
  };
  let newline = rest.indexOf(10);
  while (newline < 0 && (await more())) newline = rest.indexOf(10);
  const end = newline < 0 ? rest.length : newline;
  const header = splitCsvLine(stripCr(stripBom(rest.toString('utf8', 0, end)))).map((name) => name.trim());
  rest = rest.subarray(Math.min(end + 1, rest.length));
  async function* chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const last = rest.lastIndexOf(10);
      if (last >= 0) {
        yield rest.subarray(0, last + 1);
        rest = rest.subarray(last + 1);
      }
      if (done || !(await more())) break;
    }
    if (rest.length > 0) yield rest;
  }
  return { header, chunks: chunks() };
}

// Splitting chunks by hand, a batch per chunk, is several times faster than node:readline.
async function* readLineBatches(
  path: string,
  onBytes: ((bytes: number) => void) | undefined,
): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    onBytes?.(Buffer.byteLength(chunk as string));
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() ?? '';
    yield parts.map(stripCr);
  }
  if (rest !== '') yield [stripCr(rest)];
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Splits one CSV line; a field with an unbalanced quote is returned as written. */
export function splitCsvLine(text: string): string[] {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
