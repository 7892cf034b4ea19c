import type { GatewayErrorCode } from './errors.js';
import { type HeaderFacts, parseHeaderLines } from './parse-header-lines.js';

/** How a message's body is delimited (RFC 9112 §6). */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' };

export interface RequestHead {
  readonly method: string;
  /** The request target exactly as received. */
  readonly target: string;
  readonly minorVersion: 0 | 1;
  readonly headers: HeaderFacts;
  readonly body: BodyFraming;
  /** The client wants the connection kept open after this exchange. */
  readonly keepAlive: boolean;
  /** The protocol asked for with `Connection: upgrade` + `Upgrade`, if any. */
  readonly upgrade: string | undefined;
  /** Bytes of the buffer the head took (leading blank lines included). */
  readonly consumed: number;
}

export interface HeadLimits {
  readonly maxHeaderBytes: number;
  readonly maxHeaderCount: number;
}

export type RequestHeadResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly code: GatewayErrorCode; readonly detail: string }
  | { readonly kind: 'head'; readonly head: RequestHead };

const END = Buffer.from('\r\n\r\n');
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([!-~]+) HTTP\/1\.([01])\r\n/;
const INCOMPLETE: RequestHeadResult = Object.freeze({ kind: 'incomplete' });
const NO_BODY: BodyFraming = Object.freeze({ kind: 'none' });
const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' });

/**
 * Reads one HTTP/1.x request head from the start of `data`, strictly and within bounds: a head
 * larger than `maxHeaderBytes` or with more than `maxHeaderCount` fields is refused (431), and so
 * is anything llhttp's strict mode would refuse (400): a malformed request line, a bad field line,
 * two Content-Lengths, Content-Length with Transfer-Encoding, any transfer coding but chunked.
 */
export function parseRequestHead(data: Buffer, limits: HeadLimits): RequestHeadResult {
  // A client may send blank lines between requests (RFC 9112 §2.2): skip a few.
  let begin = 0;
  while (begin + 1 < data.length && begin < 8 && data[begin] === 0x0d && data[begin + 1] === 0x0a) begin += 2;
  const end = data.indexOf(END, begin);
  if (end === -1) {
    if (data.length - begin > limits.maxHeaderBytes) return tooLarge(limits);
    if (data.length > begin && !startsLikeRequest(data[begin] as number)) {
      return invalid('ERR_BAD_REQUEST', 'not an HTTP request');
    }
    // A head whose lines end in bare LF never completes: refuse it now, not at the time-out.
    for (let lf = data.indexOf(0x0a, begin); lf !== -1; lf = data.indexOf(0x0a, lf + 1)) {
      if (data[lf - 1] !== 0x0d) return invalid('ERR_BAD_REQUEST', 'a line ends without CR');
    }
    return INCOMPLETE;
  }
  if (end + 4 - begin > limits.maxHeaderBytes) return tooLarge(limits);
  const text = data.toString('latin1', begin, end + 2);
  const line = REQUEST_LINE.exec(text);
  if (line === null) return invalid('ERR_BAD_REQUEST', 'malformed request line');
  const parsed = parseHeaderLines(text, line[0].length, limits.maxHeaderCount);
  if (!parsed.ok) {
    return parsed.reason === 'too-many'
      ? invalid('ERR_HEADERS_TOO_MANY', parsed.detail)
      : invalid('ERR_BAD_REQUEST', parsed.detail);
  }
  const headers = parsed.facts;
  const minorVersion = line[3] === '1' ? 1 : 0;
  let body = NO_BODY;
  if (headers.transferEncoding !== undefined) {
    if (headers.contentLength !== undefined) {
      return invalid('ERR_BAD_REQUEST', 'both Content-Length and Transfer-Encoding');
    }
    if (minorVersion === 0) return invalid('ERR_BAD_REQUEST', 'Transfer-Encoding in an HTTP/1.0 request');
    if (headers.transferEncoding !== 'chunked') {
      return invalid('ERR_BAD_REQUEST', 'only the chunked transfer coding is accepted');
    }
    body = CHUNKED;
  } else if (headers.contentLength !== undefined && headers.contentLength > 0) {
    body = { kind: 'length', length: headers.contentLength };
  }
  const connection = headers.connection;
  return {
    kind: 'head',
    head: {
      method: line[1] as string,
      target: line[2] as string,
      minorVersion,
      headers,
      body,
      keepAlive: minorVersion === 1 ? !connection?.has('close') : connection?.has('keep-alive') === true,
      upgrade: headers.upgrade !== undefined && connection?.has('upgrade') ? headers.upgrade : undefined,
      consumed: end + 4,
    },
  };
}

/** A request line starts with a token character: anything else is not worth waiting for. */
function startsLikeRequest(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x0d;
}

function tooLarge(limits: HeadLimits): RequestHeadResult {
  return invalid('ERR_HEADERS_TOO_LARGE', `the header block exceeds ${limits.maxHeaderBytes} bytes`);
}

function invalid(code: GatewayErrorCode, detail: string): RequestHeadResult {
  return { kind: 'invalid', code, detail };
}
