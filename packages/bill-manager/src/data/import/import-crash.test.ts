import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBillRunFiles } from '../demo/write-bill-run-files.js';
import { spendByMonth } from '../read/spend-by-month.js';
import { openTestDatabase, type TestDatabase } from '../test-database.js';
import { withTenant } from '../with-tenant.js';
import { importBillRun } from './import-bill-run.js';
import { testCompanies } from './test-companies.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '../../../test-support/import-child.ts');

describe(`imports without downtime (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let test: TestDatabase;
  let root: string;
  let acme: string;
  const spend = () => withTenant(test.database.db, acme, (scope) => spendByMonth(scope));
  const staging = async () =>
    (
      await sql<{ id: number; status: string }>`select id, status from imports order by id`.execute(
        test.database.db,
      )
    ).rows;

  beforeAll(async () => {
    test = await openTestDatabase();
    root = await mkdtemp(join(tmpdir(), 'lk-bill-crash-'));
    await writeBillRunFiles(join(root, 'v1'), {
      period: '2026-01',
      companies: testCompanies(),
      recordsPerLine: 50,
    });
    expect((await importBillRun(test.database, join(root, 'v1'))).status).toBe('published');
    acme = (
      await test.database.db
        .selectFrom('companies')
        .select('tenant_id')
        .where('company_ref', '=', 'acme')
        .executeTakeFirstOrThrow()
    ).tenant_id;
  });
  afterAll(async () => {
    await test?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('readers see the old bill or the new one while a replacement is imported, never a mix', async () => {
    const before = (await spend())[0]?.chargeMinor;
    await writeBillRunFiles(join(root, 'v2'), {
      period: '2026-01',
      companies: testCompanies(),
      recordsPerLine: 2000,
      seed: 2,
    });
    const seen = new Set<number | undefined>();
    let done = false;
    const reader = (async () => {
      while (!done) {
        seen.add((await spend())[0]?.chargeMinor);
        // PGlite answers without touching the event loop; let the import's file reads run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const report = await importBillRun(test.database, join(root, 'v2'));
    done = true;
    await reader;
    const after = (await spend())[0]?.chargeMinor;
    expect(report.status).toBe('published');
    expect(after).not.toBe(before);
    expect([...seen].every((value) => value === before || value === after)).toBe(true);
    expect(seen.has(before)).toBe(true);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'a SIGKILL mid-import leaves the previous bills intact, and the next import starts clean',
    async () => {
      const before = await spend();
      const { records } = await writeBillRunFiles(join(root, 'v3'), {
        period: '2026-01',
        companies: testCompanies(),
        recordsPerLine: 60_000,
        seed: 3,
      });
      for (const killAt of ['loading', 'checking']) {
        const child = spawn(
          process.execPath,
          ['--conditions=source', '--import', 'tsx', CHILD, test.databaseUrl ?? '', join(root, 'v3')],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        const killed = new Promise<string>((resolve) => {
          let buffer = '';
          child.stdout.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            const loaded = /loading (\d+)\n/g;
            const rows = [...buffer.matchAll(loaded)].map((match) => Number(match[1]));
            const due = killAt === 'loading' ? rows.some((n) => n >= 20_000) : buffer.includes('checking');
            if (due && child.kill('SIGKILL')) resolve(buffer);
          });
          child.on('exit', () => resolve(buffer));
        });
        const output = await killed;
        await new Promise((resolve) => child.once('exit', resolve).once('close', resolve));
        expect(output, `killed at ${killAt}`).not.toMatch(/report/);
        expect(await spend()).toEqual(before);
        expect((await staging()).at(-1)?.status).toBe('staging');
      }
      // The server notices the dead client and releases its lock within moments.
      let report: Awaited<ReturnType<typeof importBillRun>> | undefined;
      for (let attempt = 0; attempt < 50 && !report; attempt += 1) {
        report = await importBillRun(test.database, join(root, 'v3')).catch(
          async (error: { code?: string }) => {
            if (error.code !== 'ERR_BILL_IMPORT_BUSY') throw error;
            await new Promise((resolve) => setTimeout(resolve, 200));
            return undefined;
          },
        );
      }
      expect(report).toMatchObject({ status: 'published', records });
      const imports = await staging();
      expect(imports.filter((row) => row.status === 'abandoned')).toHaveLength(2);
      expect(imports.filter((row) => row.status === 'staging')).toHaveLength(0);
      const leftovers = await sql<{ n: number }>`
        select count(*)::int as n from pg_class c
        where c.relname ~ '^(itemised_records|line_summaries|called_number_summaries)_import_' and c.relkind = 'r'
          and not exists (select 1 from pg_inherits i where i.inhrelid = c.oid)`.execute(test.database.db);
      expect(leftovers.rows[0]?.n).toBe(0);
      expect((await spend())[0]?.chargeMinor).not.toBe(before[0]?.chargeMinor);
    },
    120_000,
  );
});
