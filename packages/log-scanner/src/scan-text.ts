import type { CountryCode } from 'libphonenumber-js/max';
import { createCandidateValidator } from './candidate-validator.js';
import { createBufferScanner, type ScanHit } from './scan-buffer.js';

/** One identifier found in a text, with its 1-based line. */
export interface TextFinding extends ScanHit {
  readonly lineNumber: number;
}

/**
 * Scans a whole text in memory (tests, small inputs, the corpus): the same scanner the file
 * pipeline runs, over one region. Offsets are byte offsets into the UTF-8 encoding of `text`.
 */
export function scanText(
  text: string | Buffer,
  options: { country?: CountryCode; thorough?: boolean } = {},
): TextFinding[] {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const validator = createCandidateValidator({ country: options.country ?? 'GB' });
  const scan = createBufferScanner(validator, options.thorough ? { stride: 1 } : {});
  const found: TextFinding[] = [];
  scan(buf, 0, buf.length, (hit) => found.push({ ...hit, lineNumber: hit.line + 1 }));
  return found;
}
