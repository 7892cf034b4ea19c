import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@linekeeper/identity-core';
import { fastify } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from './error-handler.js';
import { canonicalPagePath, serveUi } from './serve-ui.js';

describe('serving the built UI', () => {
  let root: string;
  let base: string;
  const app = fastify();
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lk-bill-ui-'));
    await mkdir(join(root, 'assets'));
    await writeFile(
      join(root, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
    );
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
    app.setErrorHandler(createErrorHandler(createLogger({ name: 'serve-ui-test', level: 'silent' })));
    await serveUi(app, root);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.addresses()[0];
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('caches hashed assets for a year and revalidates the page', async () => {
    const asset = await fetch(`${base}/assets/app-1a2b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/lines/some-line']) {
      const page = await fetch(`${base}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('/assets/app-1a2b.js');
    }
  });

  it('answers unknown API paths and missing assets with 404, not the page', async () => {
    const api = await fetch(`${base}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/assets/missing-9z.js`)).status).toBe(404);
    expect((await fetch(`${base}/../../etc/passwd`)).status).not.toBe(500);
  });

  it("keeps a file's refusal as it is: a range past the end is 416, not a 400", async () => {
    const range = await fetch(`${base}/`, { headers: { range: 'bytes=100000-' } });
    expect(range.status).toBe(416);
    expect(await range.json()).toMatchObject({ status: 416, code: 'ERR_WEB_INVALID_REQUEST' });
    const doubled = await fetch(`${base}/assets//app-1a2b.js`);
    expect(doubled.status).not.toBe(400);
  });
});

describe('page addresses with repeated slashes', () => {
  it('have one canonical address, which is never another host', () => {
    expect(canonicalPagePath('/')).toBeUndefined();
    expect(canonicalPagePath('/lines/abc?period=2026-03')).toBeUndefined();
    expect(canonicalPagePath('//')).toBe('/');
    expect(canonicalPagePath('//lines//abc?next=%2F%2F')).toBe('/lines/abc?next=%2F%2F');
    expect(canonicalPagePath('//evil.example/x')).toBe('/evil.example/x');
    expect(canonicalPagePath('/\\evil.example')).toBe('/evil.example');
    expect(canonicalPagePath('/?next=//x')).toBeUndefined();
  });
});
