import { LineKeeperError } from '@linekeeper/identity-core';
import type { FastifyReply } from 'fastify';
import type { ErrorCode, Problem } from './api-contract.js';

const STATUS: Record<ErrorCode, number> = {
  ERR_WEB_INVALID_REQUEST: 400,
  ERR_WEB_UNAUTHENTICATED: 401,
  ERR_WEB_SIGN_IN_FAILED: 401,
  ERR_WEB_TOTP_REQUIRED: 401,
  ERR_WEB_TOTP_INVALID: 401,
  ERR_WEB_FORBIDDEN: 403,
  ERR_WEB_CSRF: 403,
  ERR_WEB_BREAK_GLASS_REQUIRED: 403,
  ERR_WEB_NOT_FOUND: 404,
  ERR_WEB_CONFLICT: 409,
  ERR_WEB_UNPROCESSABLE: 422,
  ERR_WEB_RATE_LIMITED: 429,
  ERR_WEB_SIGN_IN_LOCKED: 429,
  ERR_WEB_EXPORT_THROTTLED: 429,
  ERR_WEB_INTERNAL: 500,
};

/** An error the web edge turns into problem JSON: stable code, status, a detail safe to show. */
export class WebError extends LineKeeperError<ErrorCode> {
  readonly status: number;
  readonly issues: readonly string[] | undefined;
  readonly retryAfterS: number | undefined;
  constructor(
    code: ErrorCode,
    detail: string,
    options: { status?: number; issues?: readonly string[]; retryAfterS?: number } = {},
  ) {
    super(code, detail);
    this.status = options.status ?? STATUS[code];
    this.issues = options.issues;
    this.retryAfterS = options.retryAfterS;
  }
}

/** The one 404: a missing object, another company's, and one outside the user's scope alike. */
export function notFound(): WebError {
  return new WebError('ERR_WEB_NOT_FOUND', 'no such object');
}

/** Writes `error` as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, error: WebError): FastifyReply {
  if (error.retryAfterS !== undefined) reply.header('retry-after', String(error.retryAfterS));
  return reply.code(error.status).type('application/problem+json').send(problemOf(error));
}

/** The problem document of `error`. */
export function problemOf(error: WebError): Problem {
  return {
    type: `urn:linekeeper:bill-manager:${error.code.slice('ERR_WEB_'.length).toLowerCase().replaceAll('_', '-')}`,
    title: error.code.slice('ERR_WEB_'.length).toLowerCase().replaceAll('_', ' '),
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(error.issues ? { issues: [...error.issues] } : {}),
    ...(error.retryAfterS !== undefined ? { retryAfterS: error.retryAfterS } : {}),
  };
}
