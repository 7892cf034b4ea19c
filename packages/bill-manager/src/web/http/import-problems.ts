import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ImportReport as DataImportReport } from '../../data/import/import-bill-run.js';
import type { ErrorCode, ImportRejectedProblem, ImportReport, Problem } from '../api-contract.js';
import { problemOf, WebError } from '../web-error.js';

// The data layer's report is what the contract promises (checked here, at compile time).
const sameReport = (report: DataImportReport): ImportReport => report;
void sameReport;

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'ERR_WEB_INVALID_REQUEST',
  404: 'ERR_WEB_NOT_FOUND',
  409: 'ERR_WEB_CONFLICT',
  413: 'ERR_WEB_INVALID_REQUEST',
};

/**
 * A `preSerialization` hook for the upload API where the web app mounts it (`/api/operator`):
 * its answers become the web contract's problems. A rejected import (422 with the report) is
 * `ERR_WEB_UNPROCESSABLE` carrying the report as `report`; the upload API's own problems gain
 * the `code` the UI switches on. The token-authenticated mount at `/operator` keeps its format.
 */
export async function importProblems(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (reply.statusCode < 400 || typeof payload !== 'object' || payload === null) return payload;
  if (reply.statusCode === 422 && (payload as Partial<ImportReport>).status === 'rejected') {
    const report = payload as ImportReport;
    reply.type('application/problem+json');
    const problem: ImportRejectedProblem = {
      ...problemOf(
        new WebError(
          'ERR_WEB_UNPROCESSABLE',
          `the bill run was rejected (${report.errorCount} problem${report.errorCount === 1 ? '' : 's'}): nothing was published`,
        ),
      ),
      report,
    };
    return problem;
  }
  const problem = payload as Partial<Problem>;
  const code = CODE_BY_STATUS[reply.statusCode];
  if (problem.code !== undefined || code === undefined) return payload;
  return {
    ...problemOf(
      new WebError(code, problem.detail ?? 'the request is not valid', { status: reply.statusCode }),
    ),
    detail: problem.detail ?? '',
  };
}
