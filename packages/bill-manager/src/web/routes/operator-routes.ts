import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createImportRoutes } from '../../api/create-import-routes.js';
import {
  breakGlassRequestSchema,
  type ImportsResponse,
  type OperatorCompaniesResponse,
} from '../api-contract.js';
import { withOperatorRole } from '../auth/with-operator-role.js';
import { guard, viewerOf } from '../http/define-api-route.js';
import { importProblems } from '../http/import-problems.js';
import { parseInput } from '../http/parse-input.js';
import { OPERATOR_BINDING } from '../id-codec.js';
import { notFound, WebError } from '../web-error.js';
import type { WebServices } from '../web-services.js';
import { sessionResponse } from './session-response.js';
import { actorOf } from './session-routes.js';

/**
 * Operator staff: upload bill runs and follow imports (no customer records), list companies,
 * and open a time-limited, recorded break-glass read of one company. The upload API is also
 * mounted at `/operator` for automation, with the bearer token of the config.
 */
export async function registerOperatorRoutes(app: FastifyInstance, web: WebServices): Promise<void> {
  const { defineApiRoute, ids, config } = web;
  const upload = {
    database: web.database,
    uploadDir: config.uploadDir,
    maxUploadBytes: config.maxUploadBytes,
  };
  await app.register(
    async (scope) => {
      scope.addHook('preSerialization', importProblems);
      await scope.register(
        createImportRoutes({
          ...upload,
          operatorToken: undefined,
          authorise: async (request) => {
            request.tenantAccess = await guard('operatorCreateUpload', request, web.audit);
          },
        }),
      );
    },
    { prefix: '/api/operator' },
  );
  await app.register(createImportRoutes({ ...upload, operatorToken: config.operatorToken }), {
    prefix: '/operator',
  });

  defineApiRoute('operatorImports', async (): Promise<ImportsResponse> => {
    const result = await withOperatorRole(web.db, (trx) =>
      sql<Record<string, unknown>>`
        -- The import does not write imports.record_count (yet): a published run's invoices
        -- were checked to add up to its records, so their counts are the import's.
        select i.id, i.status, i.started_at, i.finished_at,
          coalesce(i.record_count,
            case when i.status = 'published' then sum(b.record_count) end)::bigint as record_count,
          count(b.id)::int as invoices, count(distinct b.tenant_id)::int as companies
        from imports i left join bill_runs b on b.import_id = i.id
        group by i.id order by i.id desc limit 100`.execute(trx),
    );
    return {
      imports: result.rows.map((row) => ({
        id: Number(row.id),
        status: row.status as ImportsResponse['imports'][number]['status'],
        startedAt: new Date(row.started_at as string).toISOString(),
        finishedAt: row.finished_at ? new Date(row.finished_at as string).toISOString() : null,
        recordCount: row.record_count === null ? null : Number(row.record_count),
        invoices: Number(row.invoices),
        companies: Number(row.companies),
      })),
    };
  });

  defineApiRoute('operatorCompanies', async (): Promise<OperatorCompaniesResponse> => {
    const rows = await withOperatorRole(web.db, (trx) =>
      trx.selectFrom('companies').select(['tenant_id', 'name', 'company_ref']).orderBy('name').execute(),
    );
    return {
      companies: rows.map((row) => ({
        id: ids.encode('company', OPERATOR_BINDING, row.tenant_id),
        name: row.name,
        companyRef: row.company_ref,
      })),
    };
  });

  defineApiRoute('breakGlassStart', async (request) => {
    const viewer = viewerOf(request);
    const body = parseInput(breakGlassRequestSchema, request.body);
    const tenantId = ids.decode('company', OPERATOR_BINDING, body.companyId);
    if (!tenantId) throw notFound();
    const minutes = Math.min(body.minutes, config.breakGlassMaxMinutes);
    const grant = await withOperatorRole(web.db, async (trx) => {
      const company = await trx
        .selectFrom('companies')
        .select('tenant_id')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!company) throw notFound();
      // One at a time: a new reason ends the previous one.
      await trx
        .updateTable('break_glass_grants')
        .set({ ended_at: new Date() })
        .where('operator_id', '=', viewer.userId)
        .where('ended_at', 'is', null)
        .execute();
      return trx
        .insertInto('break_glass_grants')
        .values({
          tenant_id: tenantId,
          operator_id: viewer.userId,
          operator_email: viewer.email,
          reason: body.reason,
          expires_at: new Date(Date.now() + minutes * 60_000),
          ended_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    });
    await web.sessions.setBreakGlass(viewer.session.tokenHash, grant.id);
    // The new grant ended the previous one, which another of this operator's sessions may hold.
    web.sessions.forgetUser(viewer.userId);
    // In the company's own audit log: its administrators see who read their records, and why.
    await web.audit({
      tenantId,
      action: 'break_glass.start',
      actor: actorOf(viewer),
      detail: { reason: body.reason, minutes },
    });
    return refreshed(web, request);
  });

  defineApiRoute('breakGlassEnd', async (request) => {
    const viewer = viewerOf(request);
    const grant = viewer.session.breakGlass;
    if (grant) {
      await withOperatorRole(web.db, (trx) =>
        trx
          .updateTable('break_glass_grants')
          .set({ ended_at: new Date() })
          .where('id', '=', grant.id)
          .execute(),
      );
      await web.audit({ tenantId: grant.tenantId, action: 'break_glass.end', actor: actorOf(viewer) });
    }
    await web.sessions.setBreakGlass(viewer.session.tokenHash, null);
    return refreshed(web, request);
  });
}

async function refreshed(web: WebServices, request: import('fastify').FastifyRequest) {
  const token = request.cookies[web.cookieName];
  const viewer = token ? await web.sessions.lookup(token) : undefined;
  if (!viewer) throw new WebError('ERR_WEB_UNAUTHENTICATED', 'sign in first');
  return sessionResponse(web, viewer);
}
