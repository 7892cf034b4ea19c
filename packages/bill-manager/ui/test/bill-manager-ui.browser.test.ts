import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@linekeeper/identity-core';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillDatabase, createBillDatabase } from '../../src/data/create-bill-database.js';
import { loadDemoData } from '../../src/data/demo/load-demo-data.js';
import type { BillRunsResponse, LinesResponse, SessionResponse } from '../../src/web/api-contract.js';
import { billManagerWebConfigSchema } from '../../src/web/bill-manager-web-config.js';
import { createBillManagerServer } from '../../src/web/create-bill-manager-server.js';
import { DEMO_PASSWORD, ensureDemoUsers } from '../../src/web/demo-users.js';
import { buildUiOnce } from './build-ui-once.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const UI_DIST = resolve(here, '../dist');
const DOCS = resolve(here, '../../../../docs');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `Bill Manager browser test skipped: ${CHROMIUM} is missing (Debian: apt-get install chromium)`,
  );

const ADMIN = 'admin@harbour-bakery.demo';
const LINE_USER = 'ada@harbour-bakery.demo';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Everything the page reported that a user would not want: script errors, CSP refusals, failed requests. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[134]/.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

// Each test drives a real browser through several pages: more time than a unit test, still bounded.
describe.skipIf(!hasChromium)(
  'Bill Manager UI in headless Chromium, against the real server',
  { timeout: 60_000 },
  () => {
    let database: BillDatabase;
    let app: FastifyInstance;
    let browser: Browser;
    let base: string;

    beforeAll(async () => {
      await buildUiOnce(UI_DIST, 120_000);
      database = await createBillDatabase({});
      await loadDemoData(database, { now: new Date('2026-04-15T12:00:00Z') });
      const config = billManagerWebConfigSchema.parse({
        port: 0,
        secureCookies: false,
        demo: true,
        uiDir: UI_DIST,
        requestsPerMinute: 100_000,
        signInsPerMinute: 10_000,
      });
      app = await createBillManagerServer(config, {
        database,
        logger: createLogger({ name: 'bill-manager-ui-test', level: 'silent' }),
      });
      await ensureDemoUsers(app.billManagerServices.db, app.billManagerServices.hasher);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.addresses()[0];
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        timeout: 15_000,
      });
      mkdirSync(DOCS, { recursive: true });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await database?.close();
    });

    async function signedIn(
      email: string,
      viewport = DESKTOP,
    ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
      const context = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        acceptDownloads: true,
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${base}/sign-in`, { waitUntil: 'load', timeout: 15_000 });
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 15_000 });
      return { context, page, problems };
    }

    it('signs in (a wrong password is refused), and an ended session returns to sign-in', async () => {
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
      const page = await context.newPage();
      const problems = watch(page);
      const response = await page.goto(`${base}/lines`, { waitUntil: 'load', timeout: 15_000 });
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      // Not signed in: the app sends you to sign-in, remembering where you were going.
      await page.waitForURL(/\/sign-in\?next=%2Flines/, { timeout: 15_000 });
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
      await page.screenshot({ path: join(DOCS, 'bill-manager-sign-in.png') });

      await page.getByLabel('Email address').fill(ADMIN);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/don’t match an account/);

      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${base}/lines`, { timeout: 15_000 });
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Lines');

      // The session ends (cookie gone): the next request answers 401 and the app returns to sign-in.
      await context.clearCookies();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Cost centres' })
        .click();
      await page.waitForURL(/\/sign-in\?next=%2Fcost-centres&expired=1/, { timeout: 15_000 });
      await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/session ended/);
      expect(problems.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
      await context.close();
    });

    it('shows the dashboard: three months, charts with tables, biggest lines; and fits a phone', async () => {
      const { context, page, problems } = await signedIn(ADMIN);
      await page.getByRole('heading', { name: 'Spend by month' }).waitFor({ timeout: 15_000 });
      const tiles = page.locator('.stat');
      await expect(tiles.count()).resolves.toBe(4);
      await expect(tiles.first().textContent()).resolves.toMatch(/£[\d,]+\.\d{2}/);
      // The charts drew bars, and each has a text summary and its figures as a table.
      await page.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 10_000 });
      const summaries = await Promise.all(
        (await page.locator('.chart-canvas[role="img"]').all()).map((node) =>
          node.getAttribute('aria-label'),
        ),
      );
      expect(summaries).toHaveLength(2);
      expect(summaries[0]).toMatch(/Spend over the last 3 months totals £/);
      await page.getByText('Show the figures as a table').first().click();
      const monthRows = page.getByRole('table', { name: /Spend by month/ }).locator('tbody tr');
      await expect(monthRows.count()).resolves.toBe(3);
      await page.getByText('Show the figures as a table').first().click();
      await expect(
        page
          .getByRole('table', { name: /Biggest lines/ })
          .locator('tbody tr')
          .count(),
      ).resolves.toBeGreaterThan(1);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(DOCS, 'bill-manager-dashboard.png'), fullPage: true });
      await context.close();

      const phone = await signedIn(ADMIN, PHONE);
      await phone.page.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 10_000 });
      const overflow = await phone.page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // The navigation folds behind a menu button on a phone, and opens from it.
      const nav = phone.page.getByRole('navigation', { name: 'Main' });
      await expect(nav.isVisible()).resolves.toBe(false);
      await phone.page.getByRole('button', { name: 'Menu' }).click();
      await expect(nav.isVisible()).resolves.toBe(true);
      await phone.page.getByRole('button', { name: 'Menu' }).click();
      await phone.page.screenshot({ path: join(DOCS, 'bill-manager-dashboard-phone.png'), fullPage: true });
      expect(phone.problems).toEqual([]);
      await phone.context.close();
    });

    it('opens a line: its charts, top numbers, itemised records with filters and "load more"', async () => {
      const { context, page, problems } = await signedIn(ADMIN);
      await page
        .getByRole('table', { name: /Biggest lines/ })
        .locator('tbody tr a')
        .first()
        .click();
      await page.waitForURL(/\/lines\/[A-Za-z0-9_-]+$/, { timeout: 15_000 });
      // The URL changes before the line's page has rendered (its code loads on demand): wait for it.
      await page.getByRole('heading', { level: 1, name: /^07700 900\d{3}$/ }).waitFor({ timeout: 15_000 });
      const records = page.getByRole('table', { name: 'Itemised records' }).locator('tbody tr');
      await page.getByText(/^Showing \d+ record/).waitFor({ timeout: 15_000 });
      const first = await records.count();
      expect(first).toBeGreaterThan(0);
      const more = page.getByRole('button', { name: /^Load \d+ more$/ });
      if ((await more.count()) > 0) {
        await more.click();
        await page.waitForFunction(
          `document.querySelectorAll('#records table tbody tr').length > ${first}`,
          undefined,
          {
            timeout: 10_000,
          },
        );
      }
      // Filter to calls only: every row left is a call.
      await page.getByLabel('Type').selectOption('voice');
      await page.waitForFunction(
        `[...document.querySelectorAll('#records table tbody tr td:nth-of-type(2)')].every((cell) => cell.textContent === 'Call')`,
        undefined,
        { timeout: 10_000 },
      );
      const types = await records.locator('td:nth-of-type(2)').allTextContents();
      expect(types.length).toBeGreaterThan(0);
      expect(new Set(types)).toEqual(new Set(['Call']));
      await page.getByLabel('Type').selectOption('');
      await page
        .getByRole('table', { name: 'Most called numbers' })
        .locator('tbody tr')
        .first()
        .waitFor({ timeout: 10_000 });
      await page.getByText(/^Showing \d+ record/).waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
      // The top of the page (figures, charts and the first records), as a reader first sees it.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({
        path: join(DOCS, 'bill-manager-line.png'),
        fullPage: true,
        clip: { x: 0, y: 0, width: DESKTOP.width, height: 1500 },
      });
      await context.close();
    });

    it('exports the itemised CSV: the download arrives with every record of the period', async () => {
      const { context, page, problems } = await signedIn(ADMIN);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports' }).click();
      await page.getByRole('button', { name: 'Itemised CSV' }).waitFor({ timeout: 15_000 });
      const period = await page.getByLabel('Bill period').inputValue();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 15_000 }),
        page.getByRole('button', { name: 'Itemised CSV' }).click(),
      ]);
      const path = await download.path();
      const lines = readFileSync(path, 'utf8').trimEnd().split(/\r?\n/);
      expect(lines[0]).toBe(
        'msisdn,record_type,started_at,called_number,destination_class,country,duration_s,volume_bytes,description,charge_minor,vat_minor',
      );
      // As many rows as the period's invoices say records.
      const runs = (await (await page.request.get(`${base}/api/bill-runs`)).json()) as BillRunsResponse;
      const expected = runs.billRuns
        .filter((run) => run.period === period)
        .reduce((sum, run) => sum + run.recordCount, 0);
      expect(expected).toBeGreaterThan(0);
      expect(lines.length - 1).toBe(expected);
      expect(lines.slice(1).every((line) => line.startsWith('+447700900'))).toBe(true);
      // The export is recorded in the history on the page.
      await page
        .getByRole('table', { name: 'Export history' })
        .getByText('Itemised records (CSV)')
        .first()
        .waitFor({ timeout: 10_000 });
      expect(problems).toEqual([]);
      await context.close();
    });

    it("shows a line user the not-found page for a colleague's line, and never the colleague's number", async () => {
      // The administrator can see every line: find a colleague's.
      const admin = await signedIn(ADMIN);
      const all = (await (
        await admin.page.request.get(`${base}/api/lines?pageSize=200`)
      ).json()) as LinesResponse;
      await admin.context.close();

      const { context, page, problems } = await signedIn(LINE_USER);
      const session = (await (await page.request.get(`${base}/api/session`)).json()) as SessionResponse;
      expect(session.scope.kind).toBe('line');
      const own = session.scope.kind === 'line' ? session.scope.lineId : '';
      const colleague = all.lines.find((line) => line.id !== own);
      expect(colleague).toBeDefined();
      if (!colleague) return;

      await page.goto(`${base}/lines/${colleague.id}`, { waitUntil: 'load', timeout: 15_000 });
      await page.getByTestId('page-not-found').waitFor({ timeout: 15_000 });
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'We can’t find that page',
      );
      const text = (await page.locator('body').textContent()) ?? '';
      const national = `0${colleague.msisdn.slice(3)}`;
      expect(text).not.toContain(colleague.msisdn);
      expect(text).not.toContain(`${national.slice(0, 5)} ${national.slice(5)}`);
      await page.screenshot({ path: join(DOCS, 'bill-manager-forbidden.png') });

      // A page the role lacks is refused the same quiet way, with no link to it in the navigation.
      await page.goto(`${base}/users`, { waitUntil: 'load', timeout: 15_000 });
      await page.getByTestId('page-forbidden').waitFor({ timeout: 15_000 });
      await expect(
        page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users and roles' }).count(),
      ).resolves.toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  },
);
