import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES } from '../data/demo/load-demo-data.js';
import { dramaNumber, writeBillRunFiles } from '../data/demo/write-bill-run-files.js';
import { importBillRun } from '../data/import/import-bill-run.js';
import type { DashboardResponse, UsersResponse } from './api-contract.js';
import { NORTHWIND } from './testing/open-matrix-world.js';
import { openWebTestWorld, type WebTestWorld } from './testing/web-test-world.js';

// The session and dashboard caches are on by default (5 s, 1000 answers): these tests show that
// nothing they remember outlives a change made in this process.
describe(`the web app's caches (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  let dir: string;
  beforeAll(async () => {
    world = await openWebTestWorld();
    dir = await mkdtemp(join(tmpdir(), 'lk-bill-caches-'));
  }, 180_000);
  afterAll(async () => {
    await world?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const dashboard = async (session: Awaited<ReturnType<WebTestWorld['signIn']>>) => {
    const response = await world.call('GET', '/api/dashboard', { session });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    return response.json as DashboardResponse;
  };

  it('refuses a signed-out session on the very next request', async () => {
    const session = await world.signIn(NORTHWIND.lineUser);
    await dashboard(session);
    expect((await world.call('DELETE', '/api/session', { session })).status).toBe(204);
    expect((await world.call('GET', '/api/dashboard', { session })).json).toMatchObject({
      code: 'ERR_WEB_UNAUTHENTICATED',
    });
  });

  it("applies a disabled account or a narrower role to the user's live sessions at once", async () => {
    const admin = await world.signIn(NORTHWIND.admin);
    const manager = await world.signIn(NORTHWIND.manager);
    const driver = await world.signIn(NORTHWIND.lineUser);
    const before = await dashboard(driver);
    await dashboard(manager);
    const users = (await world.call('GET', '/api/users', { session: admin })).json as UsersResponse;
    const idOf = (email: string) => users.users.find((user) => user.email === email)?.id;
    const disabled = await world.call('PATCH', `/api/users/${idOf(NORTHWIND.manager)}`, {
      session: admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect((await world.call('GET', '/api/dashboard', { session: manager })).status).toBe(401);
    // A new name only keeps the session, and shows at once.
    await world.call('PATCH', `/api/users/${idOf(NORTHWIND.lineUser)}`, {
      session: admin,
      body: { displayName: 'Driver One (renamed)' },
    });
    expect((await world.call('GET', '/api/session', { session: driver })).json).toMatchObject({
      user: { displayName: 'Driver One (renamed)' },
    });
    expect(before.biggestLines.map((line) => line.msisdn)).toEqual([NORTHWIND.lineMsisdn]);
    await world.call('PATCH', `/api/users/${idOf(NORTHWIND.manager)}`, {
      session: admin,
      body: { disabled: false },
    });
  });

  it('gives each scope its own dashboard answer', async () => {
    const admin = await dashboard(await world.signIn(NORTHWIND.admin));
    const manager = await dashboard(await world.signIn(NORTHWIND.manager));
    const line = await dashboard(await world.signIn(NORTHWIND.lineUser));
    expect(admin.months[0]?.chargeMinor).toBeGreaterThan(manager.months[0]?.chargeMinor ?? 0);
    expect(manager.months[0]?.chargeMinor).toBeGreaterThan(line.months[0]?.chargeMinor ?? 0);
    expect(line.biggestLines.map((entry) => entry.msisdn)).toEqual([NORTHWIND.lineMsisdn]);
  });

  it('shows a newly published bill run, and a number that moved to another company, at once', async () => {
    const harbourAdmin = await world.signIn('admin@harbour-bakery.demo');
    const northwindAdmin = await world.signIn(NORTHWIND.admin);
    const harbourBefore = await dashboard(harbourAdmin);
    const northwindBefore = await dashboard(northwindAdmin);
    expect(await dashboard(northwindAdmin)).toEqual(northwindBefore);
    expect(harbourBefore.biggestLines.map((line) => line.msisdn)).toContain(dramaNumber(100));

    // April's Northwind bill now also carries Harbour's first number (it moved company).
    const northwind = DEMO_COMPANIES.find((company) => company.name === NORTHWIND.companyName);
    if (!northwind) throw new Error('no Northwind in the demo');
    const [account] = northwind.accounts;
    if (!account) throw new Error('no Northwind account');
    const runDir = join(dir, '2026-04');
    await writeBillRunFiles(runDir, {
      period: '2026-04',
      companies: [
        {
          ...northwind,
          accounts: [
            {
              ...account,
              lines: [
                ...account.lines,
                { msisdn: dramaNumber(100), userName: 'Moved', costCentre: 'Office' },
              ],
            },
          ],
        },
      ],
      recordsPerLine: 20,
      seed: 42,
    });
    const report = await importBillRun(world.test.database, runDir);
    expect(report.status).toBe('published');

    const northwindAfter = await dashboard(northwindAdmin);
    expect(northwindAfter.months.map((month) => month.period)).toEqual(['2026-04', '2026-03', '2026-02']);
    // Harbour published nothing, yet its dashboard no longer names a number it does not have.
    const harbourAfter = await dashboard(harbourAdmin);
    expect(harbourAfter.months).toEqual(harbourBefore.months);
    expect(harbourAfter.biggestLines.map((line) => line.msisdn)).not.toContain(dramaNumber(100));
  });
});
