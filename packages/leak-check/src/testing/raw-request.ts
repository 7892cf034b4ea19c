import { connect } from 'node:net';

/** A response as it came off the socket. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends `head` (request line and header lines, without the blank line) byte for byte over a
 * fresh TCP connection with `Connection: close`, and reads the whole answer. Tests use it where
 * `fetch` cannot go: duplicate header lines, oversized or invalid bytes. Bounded in time.
 */
export function rawRequest(
  port: number,
  head: string | Buffer,
  options: { readonly timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('rawRequest: no complete response in time'));
    }, options.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close while we are still writing an oversized request: keep what it said.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const parsed = parseResponse(text);
      if (parsed) resolve(parsed);
      else reject(new Error(`rawRequest: unparseable response ${JSON.stringify(text.slice(0, 200))}`));
    });
    socket.on('connect', () => {
      const prefix = Buffer.isBuffer(head) ? head : Buffer.from(head, 'latin1');
      socket.end(Buffer.concat([prefix, Buffer.from('\r\nConnection: close\r\n\r\n', 'latin1')]));
    });
  });
}

function parseResponse(text: string): RawResponse | undefined {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = text.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status, headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
