import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestHead, type RequestHeadResult } from './parse-request-head.js';

const LIMITS = { maxHeaderBytes: 1024, maxHeaderCount: 10 };
const parse = (text: string): RequestHeadResult => parseRequestHead(Buffer.from(text, 'latin1'), LIMITS);
const head = (text: string) => {
  const result = parse(text);
  if (result.kind !== 'head') throw new Error(`expected a head, got ${JSON.stringify(result)}`);
  return result.head;
};
const refusal = (text: string) => {
  const result = parse(text);
  return result.kind === 'invalid' ? result.code : result.kind;
};

describe('parseRequestHead', () => {
  it('reads the request line, the fields in order and case, and the framing', () => {
    const text =
      'POST http://partner.test/buy?x=1 HTTP/1.1\r\nHost: partner.test\r\nX-A:  spaced value \t\r\nContent-Length: 5\r\n\r\nhello';
    const parsed = head(text);
    expect(parsed).toMatchObject({
      method: 'POST',
      target: 'http://partner.test/buy?x=1',
      minorVersion: 1,
      body: { kind: 'length', length: 5 },
      keepAlive: true,
      upgrade: undefined,
    });
    expect(parsed.headers.rawHeaders).toEqual([
      'Host',
      'partner.test',
      'X-A',
      'spaced value',
      'Content-Length',
      '5',
    ]);
    expect(parsed.consumed).toBe(text.length - 'hello'.length);
  });

  it('waits for the blank line, and skips blank lines before a request', () => {
    expect(parse('GET / HTTP/1.1\r\nHost: a\r\n').kind).toBe('incomplete');
    expect(refusal('GET / HTTP/1.1\nHost: a\n\n')).toBe('ERR_BAD_REQUEST');
    expect(head('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n').consumed).toBe(31);
  });

  it('works out keep-alive, upgrade and chunked framing', () => {
    expect(head('GET / HTTP/1.1\r\nConnection: close\r\n\r\n').keepAlive).toBe(false);
    expect(head('GET / HTTP/1.0\r\n\r\n').keepAlive).toBe(false);
    expect(head('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n').keepAlive).toBe(true);
    expect(head('GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n').upgrade).toBeUndefined();
    expect(
      head('GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n').upgrade,
    ).toBe('websocket');
    expect(head('POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n').body).toEqual({ kind: 'chunked' });
    expect(head('POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n').body).toEqual({ kind: 'none' });
  });

  it('refuses ambiguous framing (request smuggling)', () => {
    expect(refusal('POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n')).toBe(
      'ERR_BAD_REQUEST',
    );
    expect(refusal('POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n')).toBe(
      'ERR_BAD_REQUEST',
    );
    expect(refusal('POST / HTTP/1.1\r\nContent-Length: 4, 4\r\n\r\n')).toBe('ERR_BAD_REQUEST');
    expect(refusal('POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n')).toBe('ERR_BAD_REQUEST');
    expect(
      refusal('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n'),
    ).toBe('ERR_BAD_REQUEST');
    expect(refusal('POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n')).toBe('ERR_BAD_REQUEST');
    expect(refusal('POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n')).toBe('ERR_BAD_REQUEST');
  });

  it('refuses malformed lines: bare LF, folding, space before the colon, control bytes', () => {
    for (const bad of [
      'GET / HTTP/1.1\nHost: a\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n',
      'GET / HTTP/1.1\r\nHost : a\r\n\r\n',
      'GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n',
      'GET / HTTP/1.1\r\nX: a\rb\r\n\r\n',
      'GET / HTTP/1.1\r\nX: a\x7fb\r\n\r\n',
      'GET / HTTP/1.1\r\nX(y): a\r\n\r\n',
      'GET  / HTTP/1.1\r\n\r\n',
      'GET / HTTP/2.0\r\n\r\n',
      'GET / http/1.1\r\n\r\n',
      'GET /a b HTTP/1.1\r\n\r\n',
      '\x16\x03\x01\x02\x00',
    ]) {
      expect(refusal(bad), JSON.stringify(bad)).toBe('ERR_BAD_REQUEST');
    }
    expect(head('GET / HTTP/1.1\r\nX: caf\xe9\r\n\r\n').headers.rawHeaders).toEqual(['X', 'caf\xe9']);
  });

  it('bounds the header block and the field count', () => {
    expect(refusal(`GET / HTTP/1.1\r\nX: ${'a'.repeat(2000)}`)).toBe('ERR_HEADERS_TOO_LARGE');
    expect(refusal(`GET / HTTP/1.1\r\nX: ${'a'.repeat(2000)}\r\n\r\n`)).toBe('ERR_HEADERS_TOO_LARGE');
    const many = Array.from({ length: 11 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
    expect(refusal(`GET / HTTP/1.1\r\n${many}\r\n`)).toBe('ERR_HEADERS_TOO_MANY');
    const ten = Array.from({ length: 10 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
    expect(head(`GET / HTTP/1.1\r\n${ten}\r\n`).headers.rawHeaders).toHaveLength(20);
  });

  it('never lets CR, LF or NUL into an accepted name or value, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), (value, name) => {
        const text = `GET / HTTP/1.1\r\n${Buffer.from(name).toString('latin1')}: ${Buffer.from(value).toString('latin1')}\r\n\r\n`;
        const result = parse(text);
        if (result.kind !== 'head') return;
        for (const field of result.head.headers.rawHeaders) expect(field).not.toMatch(/[\r\n\0]/);
      }),
    );
  });
});
