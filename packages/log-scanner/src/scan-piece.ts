import type { FileScanResult } from './file-tally.js';
import { FileTally } from './file-tally.js';
import type { BufferScanner } from './scan-buffer.js';
import { scanChunks } from './scan-chunks.js';
import { describeProblem } from './scan-file.js';

/** A piece of a file's text (whole lines), held in memory: what a lane scans when a file is split. */
export interface TextPiece {
  readonly path: string;
  /** The text, or (a line longer than a piece) the chunks that make it up, read in order. */
  readonly text: Buffer | AsyncIterable<Buffer>;
  /** The piece ends inside a line that the next piece goes on with. */
  readonly continues: boolean;
  readonly maxLineBytes?: number;
}

/**
 * Scans one piece of a file's text on its own, as `scanFile` would scan a byte range: its line
 * numbers count from the piece's start, and `mergeRanges` puts the pieces of a file back
 * together. A piece that ends inside a line does not count that line (the next piece does).
 */
export async function scanPiece(piece: TextPiece, scanner: BufferScanner): Promise<FileScanResult> {
  const tally = new FileTally();
  const text = piece.text;
  try {
    const result = await scanChunks(Buffer.isBuffer(text) ? oneChunk(text) : text, {
      scanner,
      tally,
      sniff: false,
      ...(piece.maxLineBytes ? { maxLineBytes: piece.maxLineBytes } : {}),
    });
    const lines = piece.continues && result.lines > 0 ? result.lines - 1 : result.lines;
    return tally.result({ path: piece.path, gzip: true, bytes: result.bytes, lines });
  } catch (error) {
    // What was found before the failure is kept (as `scanFile` does).
    const partial = tally.result({ path: piece.path, gzip: true, bytes: 0, lines: 0 });
    return { ...partial, problem: describeProblem(error, true) };
  }
}

async function* oneChunk(text: Buffer): AsyncGenerator<Buffer> {
  yield text;
}
