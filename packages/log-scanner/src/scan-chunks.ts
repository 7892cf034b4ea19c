import type { Replacer } from './create-replacer.js';
import { LogScannerError } from './errors.js';
import type { FileTally } from './file-tally.js';
import { parseLineTimestamp } from './line-timestamp.js';
import type { BufferScanner, ScanHit } from './scan-buffer.js';

export interface ScanChunksOptions {
  readonly scanner: BufferScanner;
  readonly tally: FileTally;
  /** With `write`: how each identifier is replaced in the redacted copy. */
  readonly replace?: Replacer;
  /** Receives the redacted text, region by region, in order. */
  readonly write?: (chunk: Buffer) => Promise<void>;
  readonly onProgress?: (textBytes: number) => void;
  /** A line longer than this is scanned in pieces cut at a space (default 32 MiB). */
  readonly maxLineBytes?: number;
  /** Refuse binary content by a NUL in the first block (default true; false for a file's later pieces). */
  readonly sniff?: boolean;
}

export interface ScanChunksResult {
  readonly bytes: number;
  readonly lines: number;
}

// A NUL in the first block means a binary file (an image, a core dump, a database), not a log.
const SNIFF_BYTES = 8192;
const DEFAULT_MAX_LINE = 32 * 1024 * 1024;

/**
 * Scans a stream of chunks as whole lines (a chunk may be overwritten by its source once the
 * next one is asked for: whatever is kept is copied): each chunk is scanned up to its last newline and the
 * tail is carried into the next, so no identifier is cut in two. Line numbers, timestamps and
 * the redacted copy are produced in the same pass; bytes outside identifiers are copied as they
 * are (never decoded, so invalid UTF-8 survives redaction untouched).
 */
export async function scanChunks(
  chunks: AsyncIterable<Buffer>,
  options: ScanChunksOptions,
): Promise<ScanChunksResult> {
  const { scanner, tally, replace, write } = options;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let lineBase = 0;
  let first = options.sniff !== false;
  let lastTimeLine = -1;
  let lastTime: number | undefined;
  const hits: ScanHit[] = [];

  const onHit = (hit: ScanHit): void => {
    const line = lineBase + hit.line;
    if (line !== lastTimeLine) {
      lastTimeLine = line;
      lastTime = parseLineTimestamp(currentBuf, hit.lineStart, currentEnd);
    }
    tally.add(hit.kind, hit.value, hit.field, line + 1, lastTime);
    if (write) hits.push(hit);
  };
  let currentBuf: Buffer = Buffer.alloc(0);
  let currentEnd = 0;

  async function region(buf: Buffer, from: number, end: number): Promise<void> {
    if (end <= from) return;
    currentBuf = buf;
    currentEnd = end;
    hits.length = 0;
    lineBase += scanner(buf, from, end, onHit);
    if (!write) return;
    if (hits.length === 0) return write(from === 0 && end === buf.length ? buf : buf.subarray(from, end));
    const parts: Buffer[] = [];
    let at = from;
    for (const hit of hits) {
      parts.push(buf.subarray(at, hit.start), (replace as Replacer)(buf, hit, hit.lineStart));
      at = hit.end;
    }
    parts.push(buf.subarray(at, end));
    await write(Buffer.concat(parts));
  }

  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const nul = chunk.subarray(0, SNIFF_BYTES).indexOf(0);
      if (nul >= 0)
        throw new LogScannerError('ERR_SCAN_BINARY', `binary content (a NUL byte at offset ${nul})`);
    }
    bytes += chunk.length;
    const firstNewline = chunk.indexOf(0x0a);
    if (firstNewline < 0) {
      pending.push(Buffer.from(chunk)); // copied: the source may reuse its buffer
      pendingBytes += chunk.length;
      if (pendingBytes > maxLine) await cutLongLine();
    } else {
      // The line cut at the previous chunk's end is completed in a small seam buffer; the rest
      // of the chunk is scanned where it lies, without copying it.
      let from = 0;
      if (pendingBytes > 0) {
        const seam = Buffer.concat([...pending, chunk.subarray(0, firstNewline + 1)]);
        await region(seam, 0, seam.length);
        from = firstNewline + 1;
      }
      const lastNewline = chunk.lastIndexOf(0x0a);
      await region(chunk, from, lastNewline + 1);
      const tail = chunk.subarray(lastNewline + 1);
      pending = tail.length > 0 ? [Buffer.from(tail)] : [];
      pendingBytes = tail.length;
    }
    options.onProgress?.(bytes);
  }
  if (pendingBytes > 0) {
    const rest = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    await region(rest, 0, rest.length);
  }
  return { bytes, lines: lineBase + (pendingBytes > 0 ? 1 : 0) };

  // A line longer than `maxLine` (a 10 MB query string, a dumped request body) is scanned in
  // pieces cut at the last space, so memory stays bounded and no number is split.
  async function cutLongLine(): Promise<void> {
    const whole = Buffer.concat(pending);
    let cut = whole.lastIndexOf(0x20);
    if (cut <= 0) cut = whole.length - 64; // no space at all: keep a short tail for the next piece
    await region(whole, 0, cut);
    const tail = whole.subarray(cut);
    pending = [tail];
    pendingBytes = tail.length;
  }
}
