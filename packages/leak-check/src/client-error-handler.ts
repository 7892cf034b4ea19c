import type { Socket } from 'node:net';
import type { Logger } from '@linekeeper/identity-core';
import type { LeakCheckMetrics, RejectReason } from './leak-check-metrics.js';
import { plainResponseHeaders } from './security-headers.js';

interface Refusal {
  readonly status: number;
  readonly statusText: string;
  readonly reason: RejectReason;
  readonly body: string;
}

/**
 * Answers requests that Node's HTTP parser refused before any route ran — a header block over
 * `maxHeaderBytes`, bytes that are not valid HTTP, a client too slow to send its headers — with
 * a short plain-text explanation, then closes that one connection. The server keeps serving
 * everyone else. The error is never logged: its `rawPacket` holds the very bytes (and possibly
 * the number) the client sent.
 */
export function createClientErrorHandler(
  options: { readonly maxHeaderBytes: number },
  metrics: LeakCheckMetrics,
  logger: Logger,
): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const refusal = refusalFor(error.code, options.maxHeaderBytes);
    metrics.recordRejected(refusal.reason);
    logger.debug({ reason: refusal.reason, status: refusal.status }, 'request refused');
    if (socket.writable) {
      const body = `${refusal.body}\n`;
      const head = [
        `HTTP/1.1 ${refusal.status} ${refusal.statusText}`,
        ...Object.entries(plainResponseHeaders()).map(([name, value]) => `${name}: ${value}`),
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
      ];
      socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroySoon();
  };
}

function refusalFor(code: string | undefined, maxHeaderBytes: number): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        statusText: 'Request Header Fields Too Large',
        reason: 'header-too-large',
        body: `Request headers too large: this page accepts at most ${maxHeaderBytes} bytes of request line and headers together. Nothing was checked or kept.`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        statusText: 'Request Timeout',
        reason: 'timeout',
        body: 'Request timeout: the request headers did not arrive in time. Nothing was checked or kept.',
      };
    default:
      return {
        status: 400,
        statusText: 'Bad Request',
        reason: 'malformed',
        body: 'Bad request: this is not a valid HTTP request (a header name or value holds bytes HTTP does not allow, or a line is malformed). Nothing was checked or kept.',
      };
  }
}
