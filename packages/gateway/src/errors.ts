import { LineKeeperError } from '@linekeeper/identity-core';

/** The gateway's stable error codes; the wire format (problem JSON) is made in `send-problem.ts`. */
export type GatewayErrorCode =
  | 'ERR_BAD_REQUEST'
  | 'ERR_HOST_INVALID'
  | 'ERR_HEADERS_TOO_MANY'
  | 'ERR_HEADERS_TOO_LARGE'
  | 'ERR_REQUEST_TIMEOUT'
  | 'ERR_CONNECT_PORT_REFUSED'
  | 'ERR_UPSTREAM_UNRESOLVED'
  | 'ERR_UPSTREAM_REFUSED'
  | 'ERR_UPSTREAM_RESET'
  | 'ERR_UPSTREAM_TIMEOUT'
  | 'ERR_UPSTREAM_FAILED'
  | 'ERR_PROXY_PROTOCOL_INVALID'
  | 'ERR_POLICY_REFUSED';

export function gatewayError(
  code: GatewayErrorCode,
  message: string,
  cause?: unknown,
): LineKeeperError<GatewayErrorCode> {
  return new LineKeeperError<GatewayErrorCode>(code, message, cause === undefined ? {} : { cause });
}
