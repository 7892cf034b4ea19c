import { withTenant } from '../../data/with-tenant.js';
import {
  type AuditResponse,
  createUserRequestSchema,
  resetPasswordRequestSchema,
  type User,
  type UsersResponse,
  updateUserRequestSchema,
} from '../api-contract.js';
import { tenantOf, viewerOf } from '../http/define-api-route.js';
import { parseInput } from '../http/parse-input.js';
import { notFound, WebError } from '../web-error.js';
import { type WebTransaction, webTables } from '../web-schema.js';
import type { WebServices } from '../web-services.js';
import { actorOf } from './session-routes.js';

/** Company administrators manage their company's users, what each may see, and read the audit log. */
export function registerUserRoutes(web: WebServices): void {
  const { defineApiRoute, ids } = web;

  const listUsers = async (trx: WebTransaction, tenantId: string, userId?: string): Promise<User[]> => {
    let query = trx
      .selectFrom('web_users as u')
      .leftJoin('web_credentials as c', 'c.user_id', 'u.id')
      .leftJoin('cost_centres as cc', 'cc.id', 'u.cost_centre_id')
      .leftJoin('lines as l', 'l.id', 'u.line_id')
      .select([
        'u.id',
        'u.email',
        'u.display_name',
        'u.role',
        'u.cost_centre_id',
        'cc.name as cost_centre_name',
        'u.line_id',
        'l.msisdn',
        'c.totp_enabled',
        'c.locked_until',
        'u.disabled',
        'u.last_sign_in_at',
      ])
      .where('u.tenant_id', '=', tenantId);
    if (userId) query = query.where('u.id', '=', userId);
    const rows = await query.orderBy('u.email').execute();
    return rows.map((row) => ({
      id: ids.encode('user', tenantId, row.id),
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      costCentre: row.cost_centre_id
        ? { id: ids.encode('cost_centre', tenantId, row.cost_centre_id), name: row.cost_centre_name ?? '' }
        : null,
      line: row.line_id ? { id: ids.encode('line', tenantId, row.line_id), msisdn: row.msisdn ?? '' } : null,
      totpEnabled: row.totp_enabled === true,
      disabled: row.disabled,
      lockedUntil:
        row.locked_until && new Date(row.locked_until) > new Date()
          ? new Date(row.locked_until).toISOString()
          : null,
      lastSignInAt: row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null,
    }));
  };

  /** Decodes an optional cost-centre or line id of this tenant, checking it exists (else 404). */
  const scopeIds = async (
    trx: WebTransaction,
    tenantId: string,
    body: { costCentreId?: string | null; lineId?: string | null },
  ) => {
    const decode = async (kind: 'cost_centre' | 'line', id: string | null | undefined) => {
      if (id === undefined || id === null) return id;
      const raw = ids.decode(kind, tenantId, id);
      if (!raw) throw notFound();
      const table = kind === 'line' ? 'lines' : 'cost_centres';
      const found = await trx
        .selectFrom(table)
        .select('id')
        .where('id', '=', raw)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!found) throw notFound();
      return raw;
    };
    return {
      costCentreId: await decode('cost_centre', body.costCentreId),
      lineId: await decode('line', body.lineId),
    };
  };

  const userIdOf = (request: import('fastify').FastifyRequest, tenantId: string) => {
    const id = ids.decode('user', tenantId, (request.params as { userId: string }).userId);
    if (!id) throw notFound();
    return id;
  };

  defineApiRoute('users', async (request): Promise<UsersResponse> => {
    const { tenantId } = tenantOf(request);
    return { users: await withTenant(web.database.db, tenantId, (tx) => listUsers(webTables(tx), tenantId)) };
  });

  defineApiRoute('createUser', async (request, reply) => {
    const { tenantId } = tenantOf(request);
    const viewer = viewerOf(request);
    const body = parseInput(createUserRequestSchema, request.body);
    const hash = await web.hasher.hash(body.password);
    const user = await withTenant(web.database.db, tenantId, async (tx) => {
      const trx = webTables(tx);
      const scope = await scopeIds(trx, tenantId, body);
      assertScopeFits(body.role, scope);
      const email = body.email.toLowerCase();
      const created = await trx
        .insertInto('web_users')
        .values({
          tenant_id: tenantId,
          email,
          display_name: body.displayName,
          role: body.role,
          cost_centre_id: body.role === 'cost_centre_manager' ? (scope.costCentreId ?? null) : null,
          line_id: body.role === 'line_user' ? (scope.lineId ?? null) : null,
          last_sign_in_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('web_credentials')
        .values({
          tenant_id: tenantId,
          user_id: created.id,
          password_hash: hash,
          totp_secret: null,
          totp_last_step: null,
          locked_until: null,
        })
        .execute();
      const [row] = await listUsers(trx, tenantId, created.id);
      return { row, id: created.id };
    }).catch((error: unknown) => {
      // Emails are unique across every company (sign-in is by email alone).
      if ((error as { code?: unknown }).code === '23505') {
        throw new WebError('ERR_WEB_CONFLICT', 'that email already has an account');
      }
      throw error;
    });
    await web.audit({
      tenantId,
      action: 'user.create',
      actor: actorOf(viewer),
      detail: { user: user.id, role: body.role },
    });
    return reply.code(201).send(user.row);
  });

  defineApiRoute('updateUser', async (request) => {
    const { tenantId } = tenantOf(request);
    const viewer = viewerOf(request);
    const userId = userIdOf(request, tenantId);
    const body = parseInput(updateUserRequestSchema, request.body);
    if (
      userId === viewer.userId &&
      (body.disabled === true || (body.role && body.role !== 'company_admin'))
    ) {
      throw new WebError(
        'ERR_WEB_CONFLICT',
        'you cannot disable yourself or give up your own administrator role',
      );
    }
    const row = await withTenant(web.database.db, tenantId, async (tx) => {
      const trx = webTables(tx);
      const current = await trx
        .selectFrom('web_users')
        .selectAll()
        .where('id', '=', userId)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!current) throw notFound();
      const scope = await scopeIds(trx, tenantId, body);
      const role = body.role ?? current.role;
      const costCentreId =
        role === 'cost_centre_manager'
          ? scope.costCentreId === undefined
            ? current.cost_centre_id
            : scope.costCentreId
          : null;
      const lineId =
        role === 'line_user' ? (scope.lineId === undefined ? current.line_id : scope.lineId) : null;
      assertScopeFits(role, { costCentreId, lineId });
      await trx
        .updateTable('web_users')
        .set({
          display_name: body.displayName ?? current.display_name,
          role,
          cost_centre_id: costCentreId,
          line_id: lineId,
          disabled: body.disabled ?? current.disabled,
        })
        .where('id', '=', userId)
        .execute();
      return (await listUsers(trx, tenantId, userId))[0];
    });
    // A narrower role or a disabled account takes effect now, not at the next sign-in.
    if (
      body.disabled === true ||
      body.role !== undefined ||
      body.costCentreId !== undefined ||
      body.lineId !== undefined
    ) {
      await web.sessions.revokeAllForUser(userId);
    } else {
      // A new name only: the sessions stay, but show it from the next request.
      web.sessions.forgetUser(userId);
    }
    await web.audit({
      tenantId,
      action: 'user.update',
      actor: actorOf(viewer),
      detail: { user: userId, changed: Object.keys(body) },
    });
    return row;
  });

  defineApiRoute('deleteUser', async (request, reply) => {
    const { tenantId } = tenantOf(request);
    const viewer = viewerOf(request);
    const userId = userIdOf(request, tenantId);
    if (userId === viewer.userId) throw new WebError('ERR_WEB_CONFLICT', 'you cannot delete yourself');
    await web.sessions.revokeAllForUser(userId);
    const deleted = await withTenant(web.database.db, tenantId, async (tx) => {
      const result = await webTables(tx)
        .deleteFrom('web_users')
        .where('id', '=', userId)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
    if (deleted === 0) throw notFound();
    await web.audit({ tenantId, action: 'user.delete', actor: actorOf(viewer), detail: { user: userId } });
    return reply.code(204).send();
  });

  defineApiRoute('resetPassword', async (request, reply) => {
    const { tenantId } = tenantOf(request);
    const viewer = viewerOf(request);
    const userId = userIdOf(request, tenantId);
    const body = parseInput(resetPasswordRequestSchema, request.body);
    const hash = await web.hasher.hash(body.password);
    const updated = await withTenant(web.database.db, tenantId, async (tx) => {
      const result = await webTables(tx)
        .updateTable('web_credentials')
        .set({ password_hash: hash, failed_sign_ins: 0, locked_until: null })
        .where('user_id', '=', userId)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
    if (updated === 0) throw notFound();
    await web.sessions.revokeAllForUser(userId);
    await web.audit({
      tenantId,
      action: 'user.password_reset',
      actor: actorOf(viewer),
      detail: { user: userId },
    });
    return reply.code(204).send();
  });

  defineApiRoute('audit', async (request): Promise<AuditResponse> => {
    const { tenantId } = tenantOf(request);
    const rows = await withTenant(web.database.db, tenantId, (tx) =>
      webTables(tx)
        .selectFrom('audit_log')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(200)
        .execute(),
    );
    return {
      entries: rows.map((row) => ({
        id: ids.encode('audit', tenantId, String(row.id)),
        at: new Date(row.at).toISOString(),
        action: row.action,
        actorEmail: row.actor_email,
        actorRole: (row.actor_role as User['role'] | null) ?? null,
        detail: describeDetail(row.detail),
      })),
    };
  });
}

function assertScopeFits(
  role: string,
  scope: { costCentreId?: string | null | undefined; lineId?: string | null | undefined },
): void {
  if (role === 'cost_centre_manager' && !scope.costCentreId) {
    throw new WebError('ERR_WEB_INVALID_REQUEST', 'a cost-centre manager needs a cost centre', {
      issues: ['costCentreId: required for cost_centre_manager'],
    });
  }
  if (role === 'line_user' && !scope.lineId) {
    throw new WebError('ERR_WEB_INVALID_REQUEST', 'a line user needs a line', {
      issues: ['lineId: required for line_user'],
    });
  }
}

// Internal ids in the detail are left out: the entry says what happened, not which row.
function describeDetail(detail: unknown): string {
  const value = (typeof detail === 'string' ? JSON.parse(detail) : detail) as Record<string, unknown> | null;
  if (!value) return '';
  return Object.entries(value)
    .filter(([key]) => !['user', 'grant', 'watchpoint'].includes(key))
    .map(([key, item]) => `${key}: ${Array.isArray(item) ? item.join(', ') : String(item)}`)
    .join('; ');
}
