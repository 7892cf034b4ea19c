import type { GatewayErrorCode } from './errors.js';

const PROBLEMS: Record<GatewayErrorCode, { readonly status: number; readonly title: string }> = {
  ERR_BAD_REQUEST: { status: 400, title: 'The request cannot be proxied' },
  ERR_HOST_INVALID: { status: 400, title: 'The request has no single valid target host' },
  ERR_HEADERS_TOO_MANY: { status: 431, title: 'Too many request header fields' },
  ERR_HEADERS_TOO_LARGE: { status: 431, title: 'Request header block too large' },
  ERR_REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  ERR_CONNECT_PORT_REFUSED: { status: 403, title: 'CONNECT is only allowed to the configured ports' },
  ERR_UPSTREAM_UNRESOLVED: { status: 502, title: 'The upstream host could not be resolved' },
  ERR_UPSTREAM_REFUSED: { status: 502, title: 'The upstream server refused the connection' },
  ERR_UPSTREAM_RESET: { status: 502, title: 'The upstream server closed the connection' },
  ERR_UPSTREAM_TIMEOUT: { status: 504, title: 'The upstream server did not answer in time' },
  ERR_UPSTREAM_FAILED: { status: 502, title: 'The upstream request failed' },
  ERR_PROXY_PROTOCOL_INVALID: { status: 400, title: 'Invalid PROXY protocol header' },
  ERR_POLICY_REFUSED: { status: 500, title: 'Policy refused' },
};

export function problemStatus(code: GatewayErrorCode): number {
  return PROBLEMS[code].status;
}

function problemBody(code: GatewayErrorCode, detail: string | undefined): string {
  const { status, title } = PROBLEMS[code];
  return JSON.stringify({ type: 'about:blank', status, code, title, ...(detail ? { detail } : {}) });
}

/** Problem JSON (RFC 9457) with the gateway's stable code, as raw HTTP/1.1 bytes; the connection closes after it. */
export function rawProblem(code: GatewayErrorCode, detail?: string): string {
  const { status, title } = PROBLEMS[code];
  const body = problemBody(code, detail);
  return (
    `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`
  );
}

/** Which upstream failure a socket error is, for the 502/504 body and the metric. */
export function classifyUpstreamError(error: unknown): GatewayErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'ERR_UPSTREAM_REFUSED';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return 'ERR_UPSTREAM_UNRESOLVED';
    case 'ETIMEDOUT':
    case 'ERR_UPSTREAM_TIMEOUT':
      return 'ERR_UPSTREAM_TIMEOUT';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'HPE_INVALID_CONSTANT':
      return 'ERR_UPSTREAM_RESET';
    default:
      return 'ERR_UPSTREAM_FAILED';
  }
}
