import type { Logger } from '@linekeeper/identity-core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, sendProblem, WebError } from '../web-error.js';

/** Every error as problem JSON; 5xx logged by code only (a message could quote the request). */
export function createErrorHandler(logger: Logger) {
  return (error: FastifyError | WebError | Error, _request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof WebError) return sendProblem(reply, error);
    const status = (error as FastifyError).statusCode;
    if (status === 429) return sendProblem(reply, new WebError('ERR_WEB_RATE_LIMITED', 'too many requests'));
    if (status === 413) {
      return sendProblem(
        reply,
        new WebError('ERR_WEB_INVALID_REQUEST', 'the request body is too large', { status: 413 }),
      );
    }
    // A plugin's 4xx keeps its status (a 416 is not a 400); 404 and 403 keep their codes too.
    if (status === 404) return sendProblem(reply, notFound());
    if (status === 403) {
      return sendProblem(reply, new WebError('ERR_WEB_FORBIDDEN', 'this request is refused'));
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return sendProblem(
        reply,
        new WebError('ERR_WEB_INVALID_REQUEST', 'the request is not valid', { status }),
      );
    }
    logger.error({ code: (error as FastifyError).code ?? error.name, err: error }, 'request failed');
    return sendProblem(reply, new WebError('ERR_WEB_INTERNAL', 'something went wrong; nothing was changed'));
  };
}
