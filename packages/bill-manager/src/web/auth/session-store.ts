import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { WebDatabase } from '../web-schema.js';
import { createSessionCache } from './session-cache.js';
import type { Viewer } from './viewer.js';
import { withOperatorRole } from './with-operator-role.js';

export interface SessionStoreOptions {
  readonly idleMinutes: number;
  readonly maxHours: number;
  /** Lookups remembered in this process for this long (0: every request reads the database). */
  readonly cacheMs?: number;
}

export interface NewSession {
  /** The cookie value: shown once, stored only as its SHA-256. */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export interface SessionStore {
  create(user: { id: string; tenantId: string | null }): Promise<NewSession>;
  /** The viewer for a cookie value; undefined when unknown, revoked, idle too long or expired. */
  lookup(token: string): Promise<Viewer | undefined>;
  revoke(tokenHash: Buffer): Promise<void>;
  /** Every session of the user (but `keep`, when given): sign out everywhere, disable, reset. */
  revokeAllForUser(userId: string, keep?: Buffer): Promise<number>;
  setBreakGlass(tokenHash: Buffer, breakGlassId: string | null): Promise<void>;
  /** The user's name, role, scope or TOTP changed: their sessions are read afresh from now on. */
  forgetUser(userId: string): void;
}

// A session's last-seen time is written at most this often: a busy page makes no write storm.
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

// Enough for every signed-in user of a large install; one entry is a few hundred bytes.
const CACHE_ENTRIES = 10_000;

/**
 * Server-side sessions in `web_sessions`: revocable, idle and absolute timeouts. Lookups are
 * remembered for `cacheMs` (see `SessionCache`): every change made here forgets them at once in
 * this process; another process's revocation is seen here within `cacheMs`.
 */
export function createSessionStore(db: WebDatabase, options: SessionStoreOptions): SessionStore {
  const cache = createSessionCache({ ttlMs: options.cacheMs ?? 0, maxEntries: CACHE_ENTRIES });
  return {
    async create(user) {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + options.maxHours * 3_600_000);
      await withOperatorRole(db, (trx) =>
        trx
          .insertInto('web_sessions')
          .values({
            token_hash: hashToken(token),
            tenant_id: user.tenantId,
            user_id: user.id,
            csrf_token: csrfToken,
            expires_at: expiresAt,
            revoked_at: null,
            break_glass_id: null,
          })
          .execute(),
      );
      return { token, csrfToken, expiresAt };
    },

    async lookup(token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const tokenHash = hashToken(token);
      const key = tokenHash.toString('base64');
      const cached = cache.get(key, Date.now());
      if (cached) return cached;
      const since = cache.generation();
      const idle = `${options.idleMinutes} minutes`;
      const viewer = await withOperatorRole(db, async (trx) => {
        const result = await sql<Record<string, unknown>>`
          select s.csrf_token, s.expires_at, s.last_seen_at, u.id as user_id, u.email, u.display_name,
            u.role, u.tenant_id, co.name as company_name, u.cost_centre_id, cc.name as cost_centre_name,
            u.line_id, l.msisdn as line_msisdn, coalesce(c.totp_enabled, false) as totp_enabled,
            bg.id as bg_id, bg.tenant_id as bg_tenant_id, bg.reason as bg_reason,
            bg.started_at as bg_started_at, bg.expires_at as bg_expires_at, bco.name as bg_company_name
          from web_sessions s
          join web_users u on u.id = s.user_id
          left join web_credentials c on c.user_id = u.id
          left join companies co on co.tenant_id = u.tenant_id
          left join cost_centres cc on cc.id = u.cost_centre_id
          left join lines l on l.id = u.line_id
          left join break_glass_grants bg on bg.id = s.break_glass_id and bg.ended_at is null
            and bg.expires_at > now()
          left join companies bco on bco.tenant_id = bg.tenant_id
          where s.token_hash = ${tokenHash} and s.revoked_at is null and s.expires_at > now()
            and s.last_seen_at > now() - ${idle}::interval and not u.disabled`.execute(trx);
        const row = result.rows[0];
        if (!row) return undefined;
        if (Date.now() - new Date(row.last_seen_at as string).getTime() > TOUCH_EVERY_MS) {
          await trx
            .updateTable('web_sessions')
            .set({ last_seen_at: new Date() })
            .where('token_hash', '=', tokenHash)
            .execute();
        }
        return toViewer(row, tokenHash);
      });
      if (viewer) cache.remember(key, viewer, since, Date.now());
      return viewer;
    },

    async revoke(tokenHash) {
      await withOperatorRole(db, (trx) =>
        trx
          .updateTable('web_sessions')
          .set({ revoked_at: new Date() })
          .where('token_hash', '=', tokenHash)
          .where('revoked_at', 'is', null)
          .execute(),
      );
      cache.forget(tokenHash.toString('base64'));
    },

    async revokeAllForUser(userId, keep) {
      return withOperatorRole(db, async (trx) => {
        let query = trx
          .updateTable('web_sessions')
          .set({ revoked_at: new Date() })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null);
        if (keep) query = query.where('token_hash', '!=', keep);
        const result = await query.executeTakeFirst();
        return Number(result.numUpdatedRows);
      }).finally(() => cache.forgetUser(userId));
    },

    async setBreakGlass(tokenHash, breakGlassId) {
      await withOperatorRole(db, (trx) =>
        trx
          .updateTable('web_sessions')
          .set({ break_glass_id: breakGlassId })
          .where('token_hash', '=', tokenHash)
          .execute(),
      );
      cache.forget(tokenHash.toString('base64'));
    },

    forgetUser(userId) {
      cache.forgetUser(userId);
    },
  };
}

function toViewer(row: Record<string, unknown>, tokenHash: Buffer): Viewer {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    userId: String(row.user_id),
    email: String(row.email),
    displayName: String(row.display_name),
    role: row.role as Viewer['role'],
    tenantId: text(row.tenant_id),
    companyName: text(row.company_name),
    costCentreId: text(row.cost_centre_id),
    costCentreName: text(row.cost_centre_name),
    lineId: text(row.line_id),
    lineMsisdn: text(row.line_msisdn),
    totpEnabled: row.totp_enabled === true,
    session: {
      tokenHash,
      csrfToken: String(row.csrf_token),
      expiresAt: new Date(row.expires_at as string),
      breakGlass: row.bg_id
        ? {
            id: String(row.bg_id),
            tenantId: String(row.bg_tenant_id),
            companyName: String(row.bg_company_name),
            reason: String(row.bg_reason),
            startedAt: new Date(row.bg_started_at as string),
            expiresAt: new Date(row.bg_expires_at as string),
          }
        : null,
    },
  };
}
