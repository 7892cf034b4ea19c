const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One request header line as it arrived: duplicates stay separate lines, in arrival order. */
export interface HeaderLine {
  /** Lower case. */
  readonly name: string;
  readonly value: string;
}

/**
 * The header lines of a request from Node's `rawHeaders` (`[name, value, name, value, ...]`),
 * which — unlike `headers` — keeps every duplicate and its order. Node decodes header bytes as
 * Latin-1; a value whose bytes are valid UTF-8 is shown as the text the client meant.
 */
export function toHeaderLines(rawHeaders: readonly string[]): HeaderLine[] {
  const lines: HeaderLine[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    lines.push({ name: name.toLowerCase(), value: asUtf8(value) });
  }
  return lines;
}

function asUtf8(latin1: string): string {
  // Plain ASCII, the common case, is the same in both.
  if (/^[\t -~]*$/.test(latin1)) return latin1;
  try {
    return utf8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1;
  }
}

/**
 * Header lines as the `headers` object of `GET /api/check`: a name received once maps to its
 * value, a name received more than once to an array of every value in arrival order. The object
 * has no prototype, so a header named `__proto__` is only ever a key.
 */
export function groupHeaderLines(lines: readonly HeaderLine[]): Record<string, string | string[]> {
  const grouped: Record<string, string | string[]> = Object.create(null);
  for (const { name, value } of lines) {
    const previous = grouped[name];
    if (previous === undefined) grouped[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else grouped[name] = [previous, value];
  }
  return grouped;
}
