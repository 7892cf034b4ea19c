import { stringify } from 'csv-stringify/sync';
import { publishedRuns } from '../../data/read/published-runs.js';
import { withTenant } from '../../data/with-tenant.js';
import { type ExportsResponse, itemisedExportQuerySchema, periodQuerySchema } from '../api-contract.js';
import {
  assertExportAllowed,
  type ExportKind,
  exportsRemaining,
  recordExport,
} from '../exports/export-quota.js';
import { tenantOf, viewerOf } from '../http/define-api-route.js';
import { parseInput } from '../http/parse-input.js';
import { availablePeriods } from '../queries/available-periods.js';
import { linesPage } from '../queries/lines-page.js';
import { runRecords as runRecordsOf } from '../queries/run-records.js';
import { lineInScope, scopeMsisdns } from '../queries/scope-lines.js';
import { notFound } from '../web-error.js';
import { webTables } from '../web-schema.js';
import type { WebServices } from '../web-services.js';
import { safeFileName } from './bill-run-routes.js';
import { scopedRollup } from './cost-centre-routes.js';
import { ITEMISED_CSV_COLUMNS, itemisedCsvRow, neutraliseFormula } from './itemised-csv.js';
import { actorOf } from './session-routes.js';

/** CSV exports within the viewer's scope, each throttled and recorded; and the export history. */
export function registerExportRoutes(web: WebServices): void {
  const { defineApiRoute, ids, config } = web;

  defineApiRoute('exports', async (request): Promise<ExportsResponse> => {
    const access = tenantOf(request);
    const viewer = viewerOf(request);
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      let query = webTables(tx)
        .selectFrom('export_records')
        .select(['id', 'kind', 'period', 'rows', 'created_at', 'user_email'])
        .where('tenant_id', '=', tx.tenantId);
      // Administrators see the company's exports; everyone else their own.
      if (viewer.role !== 'company_admin') query = query.where('user_id', '=', viewer.userId);
      const rows = await query.orderBy('created_at', 'desc').limit(100).execute();
      return {
        exports: rows.map((row) => ({
          id: ids.encode('export', access.tenantId, row.id),
          kind: row.kind as ExportKind,
          period: row.period,
          rows: Number(row.rows),
          createdAt: new Date(row.created_at).toISOString(),
          userEmail: row.user_email,
        })),
        quota: { remaining: await exportsRemaining(tx, viewer, config), perHour: config.exportsPerHour },
      };
    });
  });

  /** Runs one CSV export in one tenant transaction: throttle, make, record, send. */
  const csvExport = async (
    request: import('fastify').FastifyRequest,
    reply: import('fastify').FastifyReply,
    kind: ExportKind,
    make: (
      tx: import('../../data/with-tenant.js').TenantScope,
      period: string | null,
    ) => Promise<{ csv: string; rows: number }>,
    requestedPeriod: string | undefined,
  ) => {
    const access = tenantOf(request);
    const viewer = viewerOf(request);
    const result = await withTenant(web.database.db, access.tenantId, async (tx) => {
      const period = requestedPeriod ?? (await availablePeriods(tx, 1))[0] ?? null;
      await assertExportAllowed(tx, viewer, config);
      const made = await make(tx, period);
      await recordExport(tx, viewer, kind, period, made.rows);
      return { ...made, period };
    });
    // After the tenant transaction: PGlite has one connection, and the audit log opens its own.
    await web.audit({
      tenantId: access.tenantId,
      action: 'export',
      actor: actorOf(viewer),
      detail: { kind, period: result.period, rows: result.rows },
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${safeFileName(`${kind.replace('_csv', '')}-${result.period ?? 'none'}.csv`)}"`,
      )
      .send(result.csv);
  };

  defineApiRoute('exportItemised', async (request, reply) => {
    const access = tenantOf(request);
    const query = parseInput(itemisedExportQuerySchema, request.query);
    const lineId = query.lineId ? ids.decode('line', access.tenantId, query.lineId) : undefined;
    if (query.lineId && !lineId) throw notFound();
    return csvExport(
      request,
      reply,
      'itemised_csv',
      async (tx, period) => {
        let msisdns = await scopeMsisdns(tx, access.scope);
        if (lineId) {
          const line = await lineInScope(tx, access.scope, lineId);
          if (!line) throw notFound();
          msisdns = [line.msisdn];
        }
        const runs = period ? await publishedRuns(tx, { period }) : [];
        const chunks = [stringify([ITEMISED_CSV_COLUMNS])];
        let rows = 0;
        for (const run of runs) {
          for await (const page of runRecordsOf(tx, run, msisdns)) {
            chunks.push(stringify(page.map(itemisedCsvRow)));
            rows += page.length;
          }
        }
        return { csv: chunks.join(''), rows };
      },
      query.period,
    );
  });

  defineApiRoute('exportLines', async (request, reply) => {
    const access = tenantOf(request);
    const query = parseInput(periodQuerySchema, request.query);
    return csvExport(
      request,
      reply,
      'lines_csv',
      async (tx, period) => {
        const runs = period ? await publishedRuns(tx, { period }) : [];
        const page = await linesPage(tx, access.scope, runs, {
          sort: 'msisdn',
          order: 'asc',
          page: 1,
          pageSize: 100_000,
        });
        const csv = stringify([
          [
            'msisdn',
            'user_name',
            'cost_centre',
            'status',
            'charge_minor',
            'voice_seconds',
            'messages',
            'data_bytes',
          ],
          ...page.rows.map((row) => [
            row.msisdn,
            neutraliseFormula(row.userName ?? ''),
            neutraliseFormula(row.costCentreName ?? ''),
            row.status,
            row.chargeMinor,
            row.voiceSeconds,
            row.messages,
            row.dataBytes,
          ]),
        ]);
        return { csv, rows: page.rows.length };
      },
      query.period,
    );
  });

  defineApiRoute('exportCostCentres', async (request, reply) => {
    const access = tenantOf(request);
    const query = parseInput(periodQuerySchema, request.query);
    return csvExport(
      request,
      reply,
      'cost_centres_csv',
      async (tx, period) => {
        const rollup = await scopedRollup(tx, access.scope, period ?? undefined);
        const names = new Map(rollup.rows.map((row) => [row.id, row.name]));
        const csv = stringify([
          ['cost_centre', 'parent', 'depth', 'lines', 'charge_minor'],
          ...rollup.rows.map((row) => [
            neutraliseFormula(row.name),
            neutraliseFormula((row.parentId && names.get(row.parentId)) || ''),
            row.depth,
            row.lines,
            row.chargeMinor,
          ]),
        ]);
        return { csv, rows: rollup.rows.length };
      },
      query.period,
    );
  });
}
