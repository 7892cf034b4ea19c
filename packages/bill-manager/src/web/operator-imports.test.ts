import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES } from '../data/demo/load-demo-data.js';
import { writeBillRunFiles } from '../data/demo/write-bill-run-files.js';
import {
  type CostCentresResponse,
  type ImportRejectedProblem,
  type ImportsResponse,
  importReportSchema,
} from './api-contract.js';
import { NORTHWIND } from './testing/open-matrix-world.js';
import { openWebTestWorld, type TestSession, type WebTestWorld } from './testing/web-test-world.js';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789abcdef';

describe(`operator imports and periods (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  let operator: TestSession;
  let dir: string;
  beforeAll(async () => {
    world = await openWebTestWorld({ operatorToken: OPERATOR_TOKEN });
    operator = await world.signIn('operator@linekeeper.demo');
    dir = await mkdtemp(join(tmpdir(), 'lk-bill-operator-'));
  }, 180_000);
  afterAll(async () => {
    await world?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Uploads a run whose invoice total is one penny off: validation rejects it. */
  async function uploadBadRun(prefix: string, headers: Record<string, string>, session?: TestSession) {
    const runDir = join(dir, prefix.replaceAll('/', '_'));
    await writeBillRunFiles(runDir, { period: '2026-04', companies: DEMO_COMPANIES, recordsPerLine: 5 });
    const created = await world.call('POST', `${prefix}/bill-runs`, { session, headers });
    expect(created.status).toBe(201);
    const { uploadId } = created.json as { uploadId: string };
    for (const name of ['bill-run.csv', 'accounts.csv', 'records.csv']) {
      let text = await readFile(join(runDir, name), 'utf8');
      if (name === 'bill-run.csv') {
        const [header = '', first = '', ...rest] = text.trimEnd().split('\n');
        const columns = header.split(',');
        const cells = first.split(',');
        const at = columns.indexOf('total_charge_minor');
        cells[at] = String(Number(cells[at]) + 1);
        text = `${[header, cells.join(','), ...rest].join('\n')}\n`;
      }
      const put = await world.call('PUT', `${prefix}/bill-runs/${uploadId}/files/${name}`, {
        session,
        headers: { ...headers, 'content-type': 'text/csv' },
        body: text,
      });
      expect(put.status).toBe(204);
    }
    return world.call('POST', `${prefix}/bill-runs/${uploadId}/import`, { session, headers });
  }

  it('answers a rejected import with a 422 problem carrying the report', async () => {
    const response = await uploadBadRun('/api/operator', {}, operator);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json as ImportRejectedProblem;
    expect(problem).toMatchObject({ status: 422, code: 'ERR_WEB_UNPROCESSABLE' });
    const report = importReportSchema.parse(problem.report);
    expect(report.status).toBe('rejected');
    expect(report.errorCount).toBeGreaterThan(0);
    expect(report.errors.map((error) => error.field)).toContain('total_charge_minor');
  });

  it("gives the upload API's own refusals the web contract's codes", async () => {
    const missing = await world.call('POST', '/api/operator/bill-runs/no-such-upload/import', {
      session: operator,
    });
    expect(missing.json).toMatchObject({ status: 400, code: 'ERR_WEB_INVALID_REQUEST' });
  });

  it('keeps the token-authenticated upload API answering with the report itself', async () => {
    const response = await uploadBadRun('/operator', { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ status: 'rejected' });
  });

  it('counts the records of every published import', async () => {
    const imports = (await world.call('GET', '/api/operator/imports', { session: operator }))
      .json as ImportsResponse;
    const published = imports.imports.filter((entry) => entry.status === 'published');
    expect(published).toHaveLength(3);
    for (const entry of published) expect(entry.recordCount).toBeGreaterThan(0);
  });

  it('lists the periods a cost-centre roll-up may be asked for', async () => {
    const admin = await world.signIn(NORTHWIND.admin);
    const latest = (await world.call('GET', '/api/cost-centres', { session: admin }))
      .json as CostCentresResponse;
    expect(latest.periods).toEqual(['2026-03', '2026-02', '2026-01']);
    expect(latest.period).toBe('2026-03');
    const older = (await world.call('GET', '/api/cost-centres?period=2026-01', { session: admin }))
      .json as CostCentresResponse;
    expect(older).toMatchObject({ period: '2026-01', periods: latest.periods });
  });
});
