import { publishedRuns } from '../../data/read/published-runs.js';
import { type TenantScope, withTenant } from '../../data/with-tenant.js';
import {
  createWatchpointRequestSchema,
  type DeliveriesResponse,
  updateWatchpointRequestSchema,
  type Watchpoint,
  type WatchpointsResponse,
} from '../api-contract.js';
import type { ViewerScope } from '../auth/viewer.js';
import { tenantOf, viewerOf } from '../http/define-api-route.js';
import { parseInput } from '../http/parse-input.js';
import type { TenantAccess } from '../http/request-context.js';
import { costCentreSubtree, lineInScope, linesInScope } from '../queries/scope-lines.js';
import { biggestLinesScoped, classSpendByLine } from '../queries/scoped-spend.js';
import { notFound, WebError } from '../web-error.js';
import { type WatchpointsTable, webTables } from '../web-schema.js';
import type { WebServices } from '../web-services.js';
import { actorOf } from './session-routes.js';

type WatchpointRow = Omit<WatchpointsTable, 'id' | 'created_at'> & { id: string; created_at: Date };

/**
 * Watchpoints: a line's spend, or spend in a class (premium, roaming, …) per line, above a
 * threshold in a month. Evaluated on the latest billed period whenever they are read; a manager
 * sees and edits only the watchpoints made within their subtree.
 */
export function registerWatchpointRoutes(web: WebServices): void {
  const { defineApiRoute, ids } = web;

  /** Watchpoints the scope may see (a manager: made within their subtree). */
  const visible = async (tx: TenantScope, scope: ViewerScope, id?: string): Promise<WatchpointRow[]> => {
    let query = webTables(tx).selectFrom('watchpoints').selectAll().where('tenant_id', '=', tx.tenantId);
    if (id) query = query.where('id', '=', id);
    const rows = (await query.orderBy('created_at').execute()) as WatchpointRow[];
    if (scope.kind === 'company') return rows;
    if (scope.kind === 'line') return [];
    const subtree = await costCentreSubtree(tx, scope.costCentreId);
    return rows.filter((row) => row.scope_cost_centre_id !== null && subtree.has(row.scope_cost_centre_id));
  };

  const evaluate = async (
    tx: TenantScope,
    access: TenantAccess,
    rows: readonly WatchpointRow[],
  ): Promise<Watchpoint[]> => {
    const runs = await publishedRuns(tx, { months: 1 });
    const period = runs[0]?.period ?? null;
    const out: Watchpoint[] = [];
    for (const row of rows) {
      // A watchpoint sees the lines of the scope it was made in, never more.
      const scope: ViewerScope = row.scope_cost_centre_id
        ? { kind: 'cost_centre', costCentreId: row.scope_cost_centre_id }
        : { kind: 'company' };
      const lines = await linesInScope(tx, scope, row.line_id ? { lineId: row.line_id } : {});
      const byMsisdn = new Map(lines.map((line) => [line.msisdn, line]));
      const spend = await classSpendByLineOrTotal(tx, runs, [...byMsisdn.keys()], row.watch_class);
      const hits = [...spend.entries()]
        .filter(([msisdn, value]) => byMsisdn.has(msisdn) && value > Number(row.threshold_minor))
        .sort((a, b) => b[1] - a[1])
        .map(([msisdn, value]) => {
          const line = byMsisdn.get(msisdn);
          return {
            line: {
              id: ids.encode('line', access.tenantId, line?.id ?? ''),
              msisdn,
              userName: line?.userName ?? null,
            },
            valueMinor: value,
          };
        });
      const watched = row.line_id ? lines[0] : undefined;
      out.push({
        id: ids.encode('watchpoint', access.tenantId, row.id),
        name: row.name,
        kind: row.kind,
        line: watched
          ? {
              id: ids.encode('line', access.tenantId, watched.id),
              msisdn: watched.msisdn,
              userName: watched.userName,
            }
          : null,
        watchClass: (row.watch_class as Watchpoint['watchClass']) ?? null,
        thresholdMinor: Number(row.threshold_minor),
        createdBy: row.created_by_email,
        createdAt: new Date(row.created_at).toISOString(),
        evaluation: { period, triggered: hits.length > 0, hits },
      });
    }
    return out;
  };

  const watchpointIdOf = (request: import('fastify').FastifyRequest, tenantId: string) => {
    const id = ids.decode('watchpoint', tenantId, (request.params as { watchpointId: string }).watchpointId);
    if (!id) throw notFound();
    return id;
  };

  defineApiRoute('watchpoints', async (request): Promise<WatchpointsResponse> => {
    const access = tenantOf(request);
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const runs = await publishedRuns(tx, { months: 1 });
      return {
        currency: runs[0]?.currency ?? 'GBP',
        watchpoints: await evaluate(tx, access, await visible(tx, access.scope)),
      };
    });
  });

  defineApiRoute('createWatchpoint', async (request, reply) => {
    const access = tenantOf(request);
    const viewer = viewerOf(request);
    const body = parseInput(createWatchpointRequestSchema, request.body);
    const created = await withTenant(web.database.db, access.tenantId, async (tx) => {
      let lineId: string | null = null;
      if (body.lineId) {
        const raw = ids.decode('line', access.tenantId, body.lineId);
        const line = raw ? await lineInScope(tx, access.scope, raw) : undefined;
        if (!line) throw notFound();
        lineId = line.id;
      }
      if (body.kind === 'line_spend' && !lineId) {
        throw new WebError('ERR_WEB_INVALID_REQUEST', 'a line_spend watchpoint needs a line', {
          issues: ['lineId: required for line_spend'],
        });
      }
      if (body.kind === 'class_spend' && !body.watchClass) {
        throw new WebError('ERR_WEB_INVALID_REQUEST', 'a class_spend watchpoint needs a class', {
          issues: ['watchClass: required for class_spend'],
        });
      }
      const row = await webTables(tx)
        .insertInto('watchpoints')
        .values({
          tenant_id: access.tenantId,
          name: body.name,
          kind: body.kind,
          line_id: lineId,
          watch_class: body.kind === 'class_spend' ? (body.watchClass ?? null) : null,
          threshold_minor: body.thresholdMinor,
          scope_cost_centre_id: access.scope.kind === 'cost_centre' ? access.scope.costCentreId : null,
          created_by: viewer.userId,
          created_by_email: viewer.email,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return (await evaluate(tx, access, [row as WatchpointRow]))[0];
    });
    await web.audit({
      tenantId: access.tenantId,
      action: 'watchpoint.create',
      actor: actorOf(viewer),
      detail: { kind: body.kind },
    });
    return reply.code(201).send(created);
  });

  defineApiRoute('updateWatchpoint', async (request) => {
    const access = tenantOf(request);
    const id = watchpointIdOf(request, access.tenantId);
    const body = parseInput(updateWatchpointRequestSchema, request.body);
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const [row] = await visible(tx, access.scope, id);
      if (!row) throw notFound();
      const updated = await webTables(tx)
        .updateTable('watchpoints')
        .set({
          name: body.name ?? row.name,
          threshold_minor: body.thresholdMinor ?? Number(row.threshold_minor),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return (await evaluate(tx, access, [updated as WatchpointRow]))[0];
    });
  });

  defineApiRoute('deleteWatchpoint', async (request, reply) => {
    const access = tenantOf(request);
    const id = watchpointIdOf(request, access.tenantId);
    await withTenant(web.database.db, access.tenantId, async (tx) => {
      const [row] = await visible(tx, access.scope, id);
      if (!row) throw notFound();
      await webTables(tx).deleteFrom('watchpoints').where('id', '=', id).execute();
    });
    return reply.code(204).send();
  });

  defineApiRoute('watchpointDeliveries', async (request): Promise<DeliveriesResponse> => {
    const access = tenantOf(request);
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const rows = await visible(tx, { kind: 'company' });
      const evaluated = await evaluate(tx, access, rows);
      const admins = await webTables(tx)
        .selectFrom('web_users')
        .select('email')
        .where('tenant_id', '=', access.tenantId)
        .where('role', '=', 'company_admin')
        .where('disabled', '=', false)
        .execute();
      return {
        period: evaluated[0]?.evaluation.period ?? null,
        deliveries: evaluated
          .filter((watchpoint) => watchpoint.evaluation.triggered)
          .map((watchpoint) => ({
            watchpointId: watchpoint.id,
            name: watchpoint.name,
            // Whoever set it, and the company's administrators.
            recipients: [...new Set([watchpoint.createdBy, ...admins.map((admin) => admin.email)])],
            thresholdMinor: watchpoint.thresholdMinor,
            hits: watchpoint.evaluation.hits,
          })),
      };
    });
  });
}

/** Per line: spend in the class, or (no class) the line's whole spend. */
async function classSpendByLineOrTotal(
  tx: TenantScope,
  runs: Awaited<ReturnType<typeof publishedRuns>>,
  msisdns: readonly string[],
  watchClass: string | null,
): Promise<Map<string, number>> {
  if (msisdns.length === 0) return new Map();
  if (watchClass) return classSpendByLine(tx, runs, msisdns, watchClass);
  const lines = await biggestLinesScoped(tx, runs, msisdns, msisdns.length);
  return new Map(lines.map((line) => [line.msisdn, line.chargeMinor]));
}
