import { type DetectIdentityOptions, detectIdentity, type Finding } from '@linekeeper/identity-core';
import type { HeaderLine } from './header-line.js';

/** A header line with what was found in it. */
export interface CheckedHeaderLine extends HeaderLine {
  readonly findings: readonly Finding[];
}

/** What one request revealed: every line, and the findings (one per header name and kind). */
export interface LeakCheckResult {
  readonly lines: readonly CheckedHeaderLine[];
  readonly findings: readonly Finding[];
}

const RANK = { low: 0, medium: 1, high: 2 } as const;

/**
 * Runs identity detection line by line, so the page can mark exactly the duplicate that carried
 * a number, then merges the lines' findings the way `detectIdentity` does over a whole request:
 * one per header name and kind, the most confident kept, in arrival order.
 */
export function checkHeaders(lines: readonly HeaderLine[], options: DetectIdentityOptions): LeakCheckResult {
  const checked: CheckedHeaderLine[] = [];
  const merged = new Map<string, Finding>();
  for (const line of lines) {
    const findings = detectIdentity([[line.name, line.value]], options);
    checked.push({ ...line, findings });
    for (const finding of findings) {
      const key = `${finding.header}\u0000${finding.kind}`;
      const previous = merged.get(key);
      if (!previous || RANK[finding.confidence] > RANK[previous.confidence]) merged.set(key, finding);
    }
  }
  return { lines: checked, findings: [...merged.values()] };
}
