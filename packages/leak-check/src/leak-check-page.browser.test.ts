import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeakCheckServer } from './create-leak-check-server.js';
import { leakCheckConfigSchema } from './leak-check-config.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/leak-check.png');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`leak-check browser test skipped: ${CHROMIUM} is missing (Debian: apt-get install chromium)`);
}

describe.skipIf(!hasChromium)('leak-check page in headless Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = createLeakCheckServer(leakCheckConfigSchema.parse({ port: 0 }), {
      logger: pino({ level: 'silent' }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 15_000,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('highlights the identity headers a mobile network added, with styles allowed by the CSP', async () => {
    // A phone-sized window, as a subscriber on mobile data would see it.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      extraHTTPHeaders: {
        'x-up-calling-line-id': '447700900123',
        'x-forwarded-for': '192.0.2.10',
        'x-carrier-note': '<b>not bold</b>',
      },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${base}/`, { waitUntil: 'load', timeout: 10_000 });
    expect(response?.status()).toBe(200);

    await expect(page.getByRole('heading', { level: 2, name: /Identity detected/ }).count()).resolves.toBe(1);
    const cards = page.locator('li.finding');
    const kinds = await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    expect(kinds[0]).toBe('msisdn');
    expect(kinds).toContain('client-ip');
    const msisdnCard = page.locator('li.finding[data-header="x-up-calling-line-id"]');
    await expect(msisdnCard.getAttribute('data-kind')).resolves.toBe('msisdn');
    await expect(msisdnCard.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(
      /Your phone number/,
    );
    await expect(msisdnCard.textContent()).resolves.toMatch(/2012/);

    const row = page.getByRole('row', { name: /x-up-calling-line-id/ });
    await expect(row.getAttribute('class')).resolves.toBe('identity');
    await expect(row.textContent()).resolves.toMatch(/447700900123/);
    const plainRow = page.getByRole('row', { name: /x-carrier-note/ });
    await expect(plainRow.getAttribute('class')).resolves.toBeNull();
    // The markup in the header value is text, not an element.
    await expect(plainRow.textContent()).resolves.toContain('<b>not bold</b>');
    await expect(page.locator('b').count()).resolves.toBe(0);

    // The inline style ran (the CSP hash matches): the highlighted row has its warning border.
    const border = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('tr.identity')).borderLeftWidth",
    );
    expect(Number.parseFloat(border)).toBeGreaterThan(0);
    // Mobile: nothing wider than the screen.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    // The first screen is what a visitor sees: the verdict and the most serious finding.
    await page.screenshot({ path: SCREENSHOT });
    await context.close();
  });

  it('says "No identifier detected" when nothing identifying arrives', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/`, { waitUntil: 'load', timeout: 10_000 });
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('No identifier detected');
    await expect(page.locator('tr.identity').count()).resolves.toBe(0);
    await context.close();
  });
});
