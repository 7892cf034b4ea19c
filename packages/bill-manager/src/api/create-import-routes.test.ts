import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBillRunFiles } from '../data/demo/write-bill-run-files.js';
import { testCompanies } from '../data/import/test-companies.js';
import { openTestDatabase, type TestDatabase } from '../data/test-database.js';
import { createImportRoutes } from './create-import-routes.js';

const TOKEN = 'test-operator-token-0123456789abcdef';

describe('operator import API (real socket)', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let files: string;
  let uploads: string;
  beforeAll(async () => {
    test = await openTestDatabase();
    files = await mkdtemp(join(tmpdir(), 'lk-bill-api-'));
    uploads = await mkdtemp(join(tmpdir(), 'lk-bill-uploads-'));
    await writeBillRunFiles(files, { period: '2026-01', companies: testCompanies(), recordsPerLine: 15 });
    app = Fastify();
    await app.register(
      createImportRoutes({
        database: test.database,
        operatorToken: TOKEN,
        uploadDir: uploads,
        maxUploadBytes: 64 * 1024,
      }),
      {
        prefix: '/operator',
      },
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/operator`;
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
    await rm(files, { recursive: true, force: true });
    await rm(uploads, { recursive: true, force: true });
  });

  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${init.token ?? TOKEN}`,
        ...(init.headers as Record<string, string>),
      },
      signal: AbortSignal.timeout(10_000),
    });

  async function upload(mutate: (name: string, text: string) => string = (_, text) => text): Promise<string> {
    const created = await call('/bill-runs', { method: 'POST' });
    expect(created.status).toBe(201);
    const { uploadId } = (await created.json()) as { uploadId: string };
    for (const name of ['bill-run.csv', 'accounts.csv', 'records.csv']) {
      const body = mutate(name, await readFile(join(files, name), 'utf8'));
      const put = await call(`/bill-runs/${uploadId}/files/${name}`, {
        method: 'PUT',
        body,
        headers: { 'content-type': 'text/csv' },
      });
      expect(put.status).toBe(204);
    }
    return uploadId;
  }

  it('refuses requests without the operator token, or with a wrong one', async () => {
    const none = await fetch(`${base}/bill-runs`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.headers.get('content-type')).toMatch(/problem\+json/);
    const wrong = await call('/bill-runs', { method: 'POST', token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
  });

  it('uploads and publishes a run, then detects the same run uploaded again', async () => {
    const first = await call(`/bill-runs/${await upload()}/import`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'published', invoices: 2, records: 75 });
    const second = await call(`/bill-runs/${await upload()}/import`, { method: 'POST' });
    expect(await second.json()).toMatchObject({ status: 'duplicate' });
  });

  it('answers 422 with every bad row for an invalid upload', async () => {
    const id = await upload((name, text) =>
      name === 'accounts.csv' ? text.replace('+447700900001', '12345') : text,
    );
    const response = await call(`/bill-runs/${id}/import`, { method: 'POST' });
    expect(response.status).toBe(422);
    const report = (await response.json()) as { status: string; errors: unknown[] };
    expect(report.status).toBe('rejected');
    expect(report.errors).toContainEqual({
      file: 'accounts.csv',
      line: 3,
      field: 'msisdn',
      message: 'is not a valid phone number (invalid-number)',
    });
  });

  it('refuses a file over the size limit', async () => {
    const created = (await (await call('/bill-runs', { method: 'POST' })).json()) as { uploadId: string };
    const response = await call(`/bill-runs/${created.uploadId}/files/records.csv`, {
      method: 'PUT',
      body: 'x'.repeat(100 * 1024),
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(413);
  });

  it('accepts only the three upload file names', async () => {
    const response = await call('/bill-runs/x/files/..%2F..%2Fetc%2Fpasswd', {
      method: 'PUT',
      body: 'x',
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(404);
  });
});
