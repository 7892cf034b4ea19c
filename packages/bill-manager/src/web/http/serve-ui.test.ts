import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastify } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveUi } from './serve-ui.js';

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
});
