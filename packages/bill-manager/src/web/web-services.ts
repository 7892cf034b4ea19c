import type { BillDatabase } from '../data/create-bill-database.js';
import { type AuditLog, createAuditLog } from './auth/audit-log.js';
import { createPasswordHasher, type PasswordHasher } from './auth/password-hasher.js';
import { createSessionStore, type SessionStore } from './auth/session-store.js';
import { createSignInService, type SignInService } from './auth/sign-in-service.js';
import { createTotpSealer, type TotpSealer } from './auth/totp-sealer.js';
import type { BillManagerWebConfig } from './bill-manager-web-config.js';
import { createDashboardCache, type DashboardCache } from './dashboard-cache.js';
import type { createRouteDefiner } from './http/define-api-route.js';
import { createIdCodec, type IdCodec } from './id-codec.js';
import type { WebDatabase } from './web-schema.js';

/** Everything a route module needs, built once per server and handed in. */
export interface WebServices {
  readonly config: Readonly<BillManagerWebConfig>;
  readonly database: BillDatabase;
  /** The same handle, typed with the web tables too. */
  readonly db: WebDatabase;
  readonly ids: IdCodec;
  readonly hasher: PasswordHasher;
  readonly sessions: SessionStore;
  readonly signIn: SignInService;
  /** Encrypts TOTP secrets at rest; its key is loaded at first use (`ready()` at start). */
  readonly totpSealer: TotpSealer;
  readonly audit: AuditLog;
  readonly dashboardCache: DashboardCache;
  readonly cookieName: string;
  readonly defineApiRoute: ReturnType<typeof createRouteDefiner>;
}

export function createWebServices(
  config: Readonly<BillManagerWebConfig>,
  database: BillDatabase,
  defineApiRoute: WebServices['defineApiRoute'],
): WebServices {
  const db = database.db.withTables<import('./web-schema.js').WebSchema>() as unknown as WebDatabase;
  const hasher = createPasswordHasher();
  const audit = createAuditLog(db);
  const sessions = createSessionStore(db, {
    idleMinutes: config.sessionIdleMinutes,
    maxHours: config.sessionMaxHours,
    cacheMs: config.sessionCacheSeconds * 1000,
  });
  const totpSealer = createTotpSealer(config);
  const signIn = createSignInService(
    db,
    { hasher, sessions, audit, totpSealer },
    { maxFailedSignIns: config.maxFailedSignIns, demo: config.demo },
  );
  return {
    config,
    database,
    db,
    ids: createIdCodec(config.idSecret),
    hasher,
    sessions,
    signIn,
    totpSealer,
    audit,
    dashboardCache: createDashboardCache({ maxEntries: config.dashboardCacheEntries }),
    // `__Host-`: the browser keeps it only if Secure, host-only and Path=/ — no subdomain can set it.
    cookieName: config.secureCookies ? '__Host-lk_session' : 'lk_session',
    defineApiRoute,
  };
}
