import { type HeaderFacts, parseHeaderLines } from './parse-header-lines.js';
import type { BodyFraming, HeadLimits } from './parse-request-head.js';

/** An upstream response's body runs until the connection closes when nothing else delimits it. */
export type ResponseFraming = BodyFraming | { readonly kind: 'close' };

export interface ResponseHead {
  readonly status: number;
  readonly reason: string;
  readonly minorVersion: 0 | 1;
  readonly headers: HeaderFacts;
  readonly body: ResponseFraming;
  /** The upstream will keep the connection open after this response. */
  readonly keepAlive: boolean;
  readonly consumed: number;
}

export type ResponseHeadResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly detail: string }
  | { readonly kind: 'head'; readonly head: ResponseHead };

const END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: ([\t -~\x80-\xff]*))?\r\n/;
const INCOMPLETE: ResponseHeadResult = Object.freeze({ kind: 'incomplete' });
const NO_BODY: ResponseFraming = Object.freeze({ kind: 'none' });
const CHUNKED: ResponseFraming = Object.freeze({ kind: 'chunked' });
const UNTIL_CLOSE: ResponseFraming = Object.freeze({ kind: 'close' });

/**
 * Reads one response head from an upstream, as strictly as a request head (an upstream that
 * sends an ambiguous framing gets a 502, never a guess), and works out how its body is delimited
 * (RFC 9112 §6.3): none for HEAD, 1xx, 204 and 304; chunked; Content-Length; else until close.
 */
export function parseResponseHead(
  data: Buffer,
  limits: HeadLimits,
  headRequest: boolean,
): ResponseHeadResult {
  const end = data.indexOf(END);
  if (end === -1) {
    return data.length > limits.maxHeaderBytes
      ? { kind: 'invalid', detail: 'response header block too large' }
      : INCOMPLETE;
  }
  if (end + 4 > limits.maxHeaderBytes) return { kind: 'invalid', detail: 'response header block too large' };
  const text = data.toString('latin1', 0, end + 2);
  const line = STATUS_LINE.exec(text);
  if (line === null) return { kind: 'invalid', detail: 'malformed status line' };
  const parsed = parseHeaderLines(text, line[0].length, limits.maxHeaderCount);
  if (!parsed.ok) return { kind: 'invalid', detail: `response: ${parsed.detail}` };
  const headers = parsed.facts;
  const status = Number(line[2]);
  const minorVersion = line[1] === '1' ? 1 : 0;
  if (headers.transferEncoding !== undefined && headers.contentLength !== undefined) {
    return { kind: 'invalid', detail: 'response has both Content-Length and Transfer-Encoding' };
  }
  let body: ResponseFraming;
  if (headRequest || status < 200 || status === 204 || status === 304) body = NO_BODY;
  else if (headers.transferEncoding !== undefined) {
    if (headers.transferEncoding !== 'chunked') {
      return { kind: 'invalid', detail: 'response transfer coding other than chunked' };
    }
    body = CHUNKED;
  } else if (headers.contentLength !== undefined) {
    body = headers.contentLength === 0 ? NO_BODY : { kind: 'length', length: headers.contentLength };
  } else body = UNTIL_CLOSE;
  const connection = headers.connection;
  return {
    kind: 'head',
    head: {
      status,
      reason: line[3] ?? '',
      minorVersion,
      headers,
      body,
      keepAlive:
        body.kind !== 'close' &&
        (minorVersion === 1 ? !connection?.has('close') : connection?.has('keep-alive') === true),
      consumed: end + 4,
    },
  };
}
