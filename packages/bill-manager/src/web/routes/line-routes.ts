import { isLineKeeperError } from '@linekeeper/identity-core';
import { listItemisedRecords } from '../../data/read/itemised-records.js';
import { publishedRuns } from '../../data/read/published-runs.js';
import { withTenant } from '../../data/with-tenant.js';
import {
  type LineDetailResponse,
  type LinesResponse,
  linesQuerySchema,
  type RecordsResponse,
  recordsQuerySchema,
  type TopNumbersResponse,
  topNumbersQuerySchema,
} from '../api-contract.js';
import { tenantOf } from '../http/define-api-route.js';
import { parseInput } from '../http/parse-input.js';
import type { TenantAccess } from '../http/request-context.js';
import { availablePeriods } from '../queries/available-periods.js';
import { lineTopNumbers } from '../queries/line-top-numbers.js';
import { linesPage } from '../queries/lines-page.js';
import { lineInScope, type ScopedLine } from '../queries/scope-lines.js';
import { spendScoped } from '../queries/scoped-spend.js';
import { notFound, WebError } from '../web-error.js';
import type { WebServices } from '../web-services.js';

/** Lines: the list, one line, its itemised records and its most called numbers. */
export function registerLineRoutes(web: WebServices): void {
  const { defineApiRoute, ids } = web;
  const costCentreOf = (
    access: TenantAccess,
    line: { costCentreId: string | null; costCentreName: string | null },
  ) =>
    line.costCentreId
      ? { id: ids.encode('cost_centre', access.tenantId, line.costCentreId), name: line.costCentreName ?? '' }
      : null;

  defineApiRoute('lines', async (request): Promise<LinesResponse> => {
    const access = tenantOf(request);
    const query = parseInput(linesQuerySchema, request.query);
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const periods = await availablePeriods(tx);
      const period = query.period ?? periods[0] ?? null;
      const runs = period ? await publishedRuns(tx, { period }) : [];
      const page = await linesPage(tx, access.scope, runs, query);
      return {
        period,
        periods,
        currency: runs[0]?.currency ?? 'GBP',
        total: page.total,
        page: query.page,
        pageSize: query.pageSize,
        lines: page.rows.map((row) => ({
          id: ids.encode('line', access.tenantId, row.id),
          msisdn: row.msisdn,
          userName: row.userName,
          status: row.status,
          costCentre: costCentreOf(access, row),
          chargeMinor: row.chargeMinor,
          voiceSeconds: row.voiceSeconds,
          messages: row.messages,
          dataBytes: row.dataBytes,
        })),
      };
    });
  });

  /** Runs `work` with the line named by `:lineId`, or answers 404 if the viewer may not see it. */
  const withLine = <T>(
    request: import('fastify').FastifyRequest,
    work: (
      tx: import('../../data/with-tenant.js').TenantScope,
      line: ScopedLine,
      access: TenantAccess,
    ) => Promise<T>,
  ): Promise<T> => {
    const access = tenantOf(request);
    const lineId = ids.decode('line', access.tenantId, (request.params as { lineId: string }).lineId);
    if (!lineId) throw notFound();
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const line = await lineInScope(tx, access.scope, lineId);
      if (!line) throw notFound();
      return work(tx, line, access);
    });
  };

  defineApiRoute('line', (request) =>
    withLine(request, async (tx, line, access): Promise<LineDetailResponse> => {
      const runs = await publishedRuns(tx, { months: 3 });
      const spend = await spendScoped(tx, runs, [line.msisdn]);
      return {
        line: {
          id: ids.encode('line', access.tenantId, line.id),
          msisdn: line.msisdn,
          userName: line.userName,
          status: line.status,
          costCentre: costCentreOf(access, line),
        },
        currency: runs[0]?.currency ?? 'GBP',
        months: spend.months,
        byType: spend.byType,
      };
    }),
  );

  defineApiRoute('lineRecords', async (request) => {
    const query = parseInput(recordsQuerySchema, request.query);
    return withLine(request, async (tx, line): Promise<RecordsResponse> => {
      const period = query.period ?? (await availablePeriods(tx))[0] ?? null;
      if (!period) return { period: null, records: [], nextCursor: null };
      try {
        const page = await listItemisedRecords(tx, {
          period,
          msisdn: line.msisdn,
          ...(query.recordType ? { recordType: query.recordType } : {}),
          ...(query.destinationClass ? { destinationClass: query.destinationClass } : {}),
          ...(query.from ? { from: new Date(query.from) } : {}),
          ...(query.to ? { to: new Date(query.to) } : {}),
          ...(query.after ? { after: query.after } : {}),
          limit: query.limit,
        });
        return {
          period,
          records: page.records.map((record) => ({
            recordType: record.recordType,
            startedAt: record.startedAt.toISOString(),
            calledNumber: record.calledNumber,
            destinationClass: record.destinationClass,
            country: record.country,
            durationS: record.durationS,
            volumeBytes: record.volumeBytes,
            description: record.description,
            chargeMinor: record.chargeMinor,
            vatMinor: record.vatMinor,
          })),
          nextCursor: page.nextCursor ?? null,
        };
      } catch (error) {
        if (isLineKeeperError(error) && error.code === 'ERR_BILL_CURSOR_INVALID') {
          throw new WebError('ERR_WEB_INVALID_REQUEST', 'the page cursor is not valid', {
            issues: ['after: not a cursor this service issued'],
          });
        }
        throw error;
      }
    });
  });

  defineApiRoute('lineTopNumbers', async (request) => {
    const query = parseInput(topNumbersQuerySchema, request.query);
    return withLine(request, async (tx, line): Promise<TopNumbersResponse> => {
      const runs = await publishedRuns(tx, query.period ? { period: query.period } : { months: 3 });
      const numbers = await lineTopNumbers(tx, runs, line.msisdn, query.limit);
      return { period: query.period ?? runs[0]?.period ?? null, numbers };
    });
  });
}
