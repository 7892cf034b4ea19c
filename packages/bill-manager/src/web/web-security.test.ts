import { createLogger } from '@linekeeper/identity-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealLegacyTotpSecrets } from './auth/seal-legacy-totp-secrets.js';
import { newTotpSecret, totpCode } from './auth/totp.js';
import { withOperatorRole } from './auth/with-operator-role.js';
import { billManagerWebConfigSchema } from './bill-manager-web-config.js';
import { createBillManagerServer } from './create-bill-manager-server.js';
import { NORTHWIND } from './testing/open-matrix-world.js';
import { openWebTestWorld, type WebTestWorld } from './testing/web-test-world.js';

const silent = createLogger({ name: 'bill-manager-test', level: 'silent' });

describe(`web security (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  beforeAll(async () => {
    world = await openWebTestWorld({ exportsPerHour: 3, maxFailedSignIns: 3 });
  }, 180_000);
  afterAll(async () => world?.close());

  /** A second server on the same database with other settings, on its own loopback port. */
  async function withServer(overrides: Record<string, unknown>, work: (base: string) => Promise<void>) {
    const config = billManagerWebConfigSchema.parse({ uiDir: '/nonexistent-ui-dist', ...overrides });
    const app = await createBillManagerServer(config, { database: world.test.database, logger: silent });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.addresses()[0];
    try {
      await work(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    } finally {
      await app.close();
    }
  }

  it('sends the security headers, and says when the UI is not built', async () => {
    const page = await world.call('GET', '/');
    expect(page.status).toBe(503);
    expect(page.text).toContain('UI is not built');
    const api = await world.call('GET', '/api/session');
    for (const response of [page, api]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.json).toMatchObject({ code: 'ERR_WEB_UNAUTHENTICATED', status: 401 });
  });

  it('sends a page address with repeated slashes to its one address, not a 400', async () => {
    // `${base}/` + `/`: the double slash a script easily makes; the static files refuse it.
    for (const [path, location] of [
      ['//', '/'],
      ['//dashboard?period=2026-03', '/dashboard?period=2026-03'],
      ['//evil.example/x', '/evil.example/x'],
    ] as const) {
      const response = await fetch(`${world.base}${path}`, { redirect: 'manual' });
      expect(response.status, path).toBe(308);
      expect(response.headers.get('location'), path).toBe(location);
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('sets a __Host- Secure HttpOnly SameSite=Strict cookie and HSTS when secure', async () => {
    await withServer({ demo: true }, async (base) => {
      const response = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: NORTHWIND.lineUser, password: 'linekeeper-demo' }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^__Host-lk_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    });
    expect(() => billManagerWebConfigSchema.parse({ host: '0.0.0.0', secureCookies: false })).toThrow(
      /secureCookies/,
    );
  });

  it('refuses demo sign-ins when demo is off', async () => {
    await withServer({ demo: false, secureCookies: false }, async (base) => {
      const response = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'manager@northwind.demo', password: 'linekeeper-demo' }),
      });
      expect(response.status).toBe(401);
    });
  });

  it('locks an account, known or unknown, after repeated failures, even for the right password', async () => {
    for (const email of ['manager@harbour-bakery.demo', 'nobody@harbour-bakery.demo']) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await world.call('POST', '/api/session', {
          body: { email, password: 'wrong-password' },
        });
        expect(response.json).toMatchObject({ code: 'ERR_WEB_SIGN_IN_FAILED' });
      }
      const locked = await world.call('POST', '/api/session', {
        body: { email, password: 'linekeeper-demo' },
      });
      expect(locked.status).toBe(429);
      expect(locked.json).toMatchObject({ code: 'ERR_WEB_SIGN_IN_LOCKED' });
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('refuses a state change without the CSRF token or from another origin', async () => {
    const admin = await world.signIn(NORTHWIND.admin);
    const body = { name: 'Roaming', kind: 'class_spend', watchClass: 'roaming', thresholdMinor: 10 };
    const noToken = await world.call('POST', '/api/watchpoints', { session: admin, body, csrf: false });
    expect(noToken.json).toMatchObject({ status: 403, code: 'ERR_WEB_CSRF' });
    const foreign = await world.call('POST', '/api/watchpoints', {
      session: admin,
      body,
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.json).toMatchObject({ status: 403, code: 'ERR_WEB_CSRF' });
    const crossSite = await world.call('POST', '/api/watchpoints', {
      session: admin,
      body,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.json).toMatchObject({ code: 'ERR_WEB_CSRF' });
    const ok = await world.call('POST', '/api/watchpoints', {
      session: admin,
      body,
      headers: { origin: world.base },
    });
    expect(ok.status).toBe(201);
  });

  it('signs out everywhere: every session of the user stops working', async () => {
    const first = await world.signIn(NORTHWIND.manager);
    const second = await world.signIn(NORTHWIND.manager);
    expect((await world.call('GET', '/api/dashboard', { session: second })).status).toBe(200);
    expect((await world.call('POST', '/api/session/sign-out-everywhere', { session: first })).status).toBe(
      204,
    );
    for (const session of [first, second]) {
      expect((await world.call('GET', '/api/dashboard', { session })).json).toMatchObject({
        code: 'ERR_WEB_UNAUTHENTICATED',
      });
    }
  });

  it('lets operator staff read a company only with a recorded reason, which its administrators see', async () => {
    const operator = await world.signIn('operator@linekeeper.demo');
    expect((await world.call('GET', '/api/dashboard', { session: operator })).json).toMatchObject({
      code: 'ERR_WEB_BREAK_GLASS_REQUIRED',
    });
    const companies = (await world.call('GET', '/api/operator/companies', { session: operator })).json as {
      companies: { id: string; name: string }[];
    };
    const northwind = companies.companies.find((company) => company.name === NORTHWIND.companyName);
    const reason = 'ticket 4711: customer reports a wrong roaming charge';
    const started = await world.call('POST', '/api/operator/break-glass', {
      session: operator,
      body: { companyId: northwind?.id, reason, minutes: 10 },
    });
    expect(started.json).toMatchObject({ breakGlass: { companyName: NORTHWIND.companyName, reason } });
    expect((await world.call('GET', '/api/dashboard', { session: operator })).status).toBe(200);
    // Read-only: no exports, no user management.
    expect((await world.call('GET', '/api/exports/lines.csv', { session: operator })).status).toBe(403);
    await world.call('DELETE', '/api/operator/break-glass', { session: operator });
    expect((await world.call('GET', '/api/lines', { session: operator })).status).toBe(403);
    const admin = await world.signIn(NORTHWIND.admin);
    const audit = (await world.call('GET', '/api/audit', { session: admin })).json as {
      entries: { action: string; detail: string; actorRole: string }[];
    };
    const actions = audit.entries
      .filter((entry) => entry.actorRole === 'operator')
      .map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['break_glass.start', 'break_glass.read', 'break_glass.end']),
    );
    expect(audit.entries.find((entry) => entry.action === 'break_glass.start')?.detail).toContain(reason);
  });

  /** What `web_credentials.totp_secret` holds for `email`, read as the database owner. */
  async function storedTotpSecret(email: string) {
    const row = await withOperatorRole(world.app.billManagerServices.db, (trx) =>
      trx
        .selectFrom('web_credentials as c')
        .innerJoin('web_users as u', 'u.id', 'c.user_id')
        .select(['c.user_id', 'c.totp_secret'])
        .where('u.email', '=', email)
        .executeTakeFirstOrThrow(),
    );
    return { userId: row.user_id, stored: row.totp_secret };
  }

  it('enrols an administrator in TOTP, then needs a fresh code at every sign-in', async () => {
    const admin = await world.signIn(NORTHWIND.admin);
    const enrol = await world.call('POST', '/api/session/totp/enrol', { session: admin });
    const { secret } = enrol.json as { secret: string };
    // Encrypted at rest: the column never holds the secret, in base32 or any other spelling.
    const { stored } = await storedTotpSecret(NORTHWIND.admin);
    expect(stored).toMatch(/^v1\./);
    expect(stored?.toUpperCase()).not.toContain(secret.toUpperCase());
    const verify = await world.call('POST', '/api/session/totp/verify', {
      session: admin,
      body: { code: totpCode(secret, Date.now()) },
    });
    expect(verify.json).toMatchObject({ user: { totpEnabled: true } });
    const without = await world.call('POST', '/api/session', {
      body: { email: NORTHWIND.admin, password: 'linekeeper-demo' },
    });
    expect(without.json).toMatchObject({ code: 'ERR_WEB_TOTP_REQUIRED' });
    // The code used at enrolment is spent; the next time step's code works once.
    const next = totpCode(secret, Date.now() + 30_000);
    const signedIn = await world.call('POST', '/api/session', {
      body: { email: NORTHWIND.admin, password: 'linekeeper-demo', totpCode: next },
    });
    expect(signedIn.status).toBe(200);
    const replayed = await world.call('POST', '/api/session', {
      body: { email: NORTHWIND.admin, password: 'linekeeper-demo', totpCode: next },
    });
    expect(replayed.json).toMatchObject({ code: 'ERR_WEB_TOTP_INVALID' });
    expect((await storedTotpSecret(NORTHWIND.admin)).stored).toBe(stored);
  });

  it('encrypts a TOTP secret stored before encryption at rest, and it still works', async () => {
    const email = 'admin@harbour-bakery.demo';
    const { userId } = await storedTotpSecret(email);
    const secret = newTotpSecret();
    const { db, totpSealer } = world.app.billManagerServices;
    await withOperatorRole(db, (trx) =>
      trx
        .updateTable('web_credentials')
        .set({ totp_secret: secret, totp_enabled: true, totp_last_step: null })
        .where('user_id', '=', userId)
        .execute(),
    );
    expect(await sealLegacyTotpSecrets(db, totpSealer)).toBe(1);
    const { stored } = await storedTotpSecret(email);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(secret);
    const signedIn = await world.call('POST', '/api/session', {
      body: { email, password: 'linekeeper-demo', totpCode: totpCode(secret, Date.now()) },
    });
    expect(signedIn.status).toBe(200);
    expect(await sealLegacyTotpSecrets(db, totpSealer)).toBe(0);
    // Later tests sign in as this administrator without a code.
    await withOperatorRole(db, (trx) =>
      trx
        .updateTable('web_credentials')
        .set({ totp_secret: null, totp_enabled: false })
        .where('user_id', '=', userId)
        .execute(),
    );
  });

  it('throttles and records exports', async () => {
    const user = await world.signIn(NORTHWIND.lineUser);
    for (let i = 0; i < 3; i += 1) {
      const csv = await world.call('GET', '/api/exports/itemised.csv', { session: user });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const rows = csv.text.trim().split('\n');
      expect(rows[0]).toMatch(/^msisdn,record_type,started_at/);
      // A line user's export holds their own line's records only.
      for (const row of rows.slice(1)) expect(row.startsWith(`${NORTHWIND.lineMsisdn},`)).toBe(true);
    }
    const fourth = await world.call('GET', '/api/exports/lines.csv', { session: user });
    expect(fourth.json).toMatchObject({ status: 429, code: 'ERR_WEB_EXPORT_THROTTLED' });
    const history = await world.call('GET', '/api/exports', { session: user });
    expect(history.json).toMatchObject({ quota: { remaining: 0, perHour: 3 } });
    expect((history.json as { exports: unknown[] }).exports).toHaveLength(3);
  });

  it('makes a PDF bill summary for an administrator', async () => {
    const admin = await world.signIn('admin@harbour-bakery.demo');
    const runs = (await world.call('GET', '/api/bill-runs', { session: admin })).json as {
      billRuns: { downloads: { summaryPdf: string } }[];
    };
    const response = await fetch(`${world.base}${runs.billRuns[0]?.downloads.summaryPdf}`, {
      headers: { cookie: admin.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('answers a foreign id and a made-up id with the same 404', async () => {
    const harbour = await world.signIn('admin@harbour-bakery.demo');
    const lines = (await world.call('GET', '/api/lines', { session: harbour })).json as {
      lines: { id: string }[];
    };
    const user = await world.signIn(NORTHWIND.lineUser);
    const foreign = await world.call('GET', `/api/lines/${lines.lines[0]?.id}`, { session: user });
    const madeUp = await world.call('GET', '/api/lines/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {
      session: user,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(madeUp.text);
  });

  it('limits requests per user', async () => {
    await withServer({ demo: true, secureCookies: false, requestsPerMinute: 10 }, async (base) => {
      const signIn = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'driver1@northwind.demo', password: 'linekeeper-demo' }),
      });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1)
        statuses.push((await fetch(`${base}/api/session`, { headers: { cookie } })).status);
      expect(statuses.slice(0, 9).every((status) => status === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });
  });
});
