/**
 * One header field line, strictly (RFC 9110 §5, RFC 9112 §5): a token name, a colon with no space
 * before it, optional whitespace, a value of visible bytes, spaces and tabs (obs-text allowed, as
 * llhttp does), optional whitespace, CRLF. Everything else fails: a space before the colon, a
 * folded line (obs-fold), a bare CR or LF, NUL and every other control byte.
 */
const FIELD_LINE =
  /([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*((?:[!-~\x80-\xff]+(?:[ \t]+[!-~\x80-\xff]+)*)?)[ \t]*\r\n/y;

/** Framing and connection facts gathered while reading the fields (names compared lower case). */
export interface HeaderFacts {
  /** Flat `name, value, …` in received order and case. */
  readonly rawHeaders: string[];
  /** The one Content-Length field, when there is one. */
  readonly contentLength: number | undefined;
  /** The one Transfer-Encoding field's value, lower case and trimmed. */
  readonly transferEncoding: string | undefined;
  /** Lower-case tokens of every `Connection` field. */
  readonly connection: ReadonlySet<string> | undefined;
  /** The `Upgrade` field's value. */
  readonly upgrade: string | undefined;
}

export type HeaderLinesResult =
  | { readonly ok: true; readonly facts: HeaderFacts }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'too-many' | 'duplicate-framing';
      readonly detail: string;
    };

/**
 * Reads the field lines of `head` from `start` up to its end (the caller has found the blank line
 * and passes the text up to and including its first CRLF). Duplicate Content-Length or
 * Transfer-Encoding fields are refused outright, even when equal: a proxy that picks one of two
 * framings is how request smuggling starts.
 */
export function parseHeaderLines(head: string, start: number, maxCount: number): HeaderLinesResult {
  const rawHeaders: string[] = [];
  let contentLength: number | undefined;
  let transferEncoding: string | undefined;
  let connection: Set<string> | undefined;
  let upgrade: string | undefined;
  FIELD_LINE.lastIndex = start;
  let at = start;
  while (at < head.length) {
    const match = FIELD_LINE.exec(head);
    if (match === null || match.index !== at) {
      return { ok: false, reason: 'malformed', detail: 'invalid header field line' };
    }
    at = FIELD_LINE.lastIndex;
    if (rawHeaders.length >= maxCount * 2) {
      return { ok: false, reason: 'too-many', detail: `at most ${maxCount} header fields` };
    }
    const name = match[1] as string;
    const value = match[2] as string;
    rawHeaders.push(name, value);
    switch (name.length) {
      case 7:
        if (name.toLowerCase() === 'upgrade') upgrade = value;
        break;
      case 10:
        if (name.toLowerCase() !== 'connection') break;
        connection ??= new Set();
        for (const token of value.split(',')) {
          const trimmed = token.trim().toLowerCase();
          if (trimmed !== '') connection.add(trimmed);
        }
        break;
      case 14:
        if (name.toLowerCase() !== 'content-length') break;
        if (contentLength !== undefined) {
          return { ok: false, reason: 'duplicate-framing', detail: 'more than one Content-Length' };
        }
        if (!/^\d{1,15}$/.test(value)) {
          return { ok: false, reason: 'malformed', detail: 'Content-Length is not a decimal length' };
        }
        contentLength = Number(value);
        break;
      case 17:
        if (name.toLowerCase() !== 'transfer-encoding') break;
        if (transferEncoding !== undefined) {
          return { ok: false, reason: 'duplicate-framing', detail: 'more than one Transfer-Encoding' };
        }
        transferEncoding = value.trim().toLowerCase();
        break;
    }
  }
  return { ok: true, facts: { rawHeaders, contentLength, transferEncoding, connection, upgrade } };
}
