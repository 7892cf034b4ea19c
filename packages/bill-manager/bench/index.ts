// Bill Manager benchmark: `node --import tsx packages/bill-manager/bench/index.ts`.
// Generates one large company (250 lines × ~500 records/line/month) and 1,000 small ones for
// three months, then measures import rows/s into PostgreSQL and PGlite beside a bare COPY of
// the same rows into an unindexed table, and p95 of every reading query for the large company
// under row-level security. BENCH_SCALE (default 1) scales the records per line of the large
// company and the number of small companies; BENCH_DATABASE_URL or DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test) is the server where a scratch database is made.
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import {
  type BillDatabase,
  costCentreRollup,
  createBillDatabase,
  dramaNumber,
  type GeneratedCompany,
  importBillRun,
  lineTotals,
  listItemisedRecords,
  spendByMonth,
  spendByType,
  type TenantScope,
  topCalledNumbers,
  unbilledUsage,
  withTenant,
  writeBillRunFiles,
} from '../src/index.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PERIODS = ['2026-01', '2026-02', '2026-03'];
const BIG_RECORDS_PER_LINE = Math.max(1, Math.round(500 * SCALE));
const SMALL_COMPANIES = Math.max(1, Math.round(1000 * SCALE));
const SMALL_RECORDS_PER_LINE = 40;
const READ_ITERATIONS = 60;

const BARE_TABLE = `create table bare_records (account_number text, msisdn text, record_type text,
  started_at timestamptz, called_number text, destination_class text, country text, duration_s integer,
  volume_bytes bigint, description text, charge_minor bigint, vat_minor bigint)`;

function companies(): GeneratedCompany[] {
  const centres = [
    'Sales/North/Leeds',
    'Sales/North/York',
    'Sales/South',
    'Engineering/Field',
    'Engineering/Office',
    'Board',
  ];
  const big: GeneratedCompany = {
    companyRef: 'big-co',
    name: 'Big Co plc',
    accounts: [
      {
        accountNumber: 'BIG-0001',
        name: 'Big Co',
        lines: Array.from({ length: 250 }, (_, i) => ({
          msisdn: dramaNumber(i),
          userName: `Employee ${i + 1}`,
          costCentre: centres[i % centres.length] ?? 'Board',
        })),
      },
    ],
  };
  const small = Array.from(
    { length: SMALL_COMPANIES },
    (_, c): GeneratedCompany => ({
      companyRef: `small-${c}`,
      name: `Small Business ${c}`,
      accounts: [
        {
          accountNumber: `SMB-${String(c).padStart(5, '0')}`,
          name: `Small Business ${c}`,
          lines: [0, 1].map((l) => ({
            msisdn: dramaNumber(250 + c * 2 + l),
            userName: `Owner ${l}`,
            costCentre: '',
          })),
        },
      ],
    }),
  );
  return [big, ...small];
}

interface ImportFigures {
  rows: number;
  importSeconds: number;
  bareSeconds: number;
  /** 1-minute load average before the first and after the last measurement. */
  load: [number, number];
  /** Seconds spent in each import phase, summed over the runs. */
  phases: Record<string, number>;
}

async function measureImports(
  database: BillDatabase,
  dirs: string[],
  bareCsv: (file: string) => AsyncIterable<string>,
): Promise<ImportFigures> {
  const figures: ImportFigures = {
    rows: 0,
    importSeconds: 0,
    bareSeconds: 0,
    load: [loadavg()[0] ?? 0, 0],
    phases: {},
  };
  for (const dir of dirs) {
    let started = performance.now();
    await database.withSession((session) =>
      session.copyFrom('bare_records', [], bareCsv(join(dir, 'records.csv')), { csvHeader: true }),
    );
    figures.bareSeconds += (performance.now() - started) / 1000;
    started = performance.now();
    let phase = 'start';
    let phaseStarted = started;
    const report = await importBillRun(database, dir, {
      onProgress: (progress) => {
        if (progress.phase === phase) return;
        const now = performance.now();
        figures.phases[phase] = (figures.phases[phase] ?? 0) + (now - phaseStarted) / 1000;
        phase = progress.phase;
        phaseStarted = now;
      },
    });
    figures.importSeconds += (performance.now() - started) / 1000;
    if (report.status !== 'published') {
      throw new Error(`import ${dir}: ${report.status} ${JSON.stringify(report.errors.slice(0, 3))}`);
    }
    figures.rows += report.records;
  }
  figures.load[1] = loadavg()[0] ?? 0;
  return figures;
}

async function measureReads(database: BillDatabase, tenantId: string): Promise<Map<string, number>> {
  const firstPage = await withTenant(database.db, tenantId, (scope) =>
    listItemisedRecords(scope, { limit: 100 }),
  );
  const queries: [string, (scope: TenantScope) => Promise<unknown>][] = [
    ['spendByMonth (3 months)', (scope) => spendByMonth(scope)],
    ['spendByType (3 months)', (scope) => spendByType(scope)],
    ['lineTotals (250 lines)', (scope) => lineTotals(scope)],
    ['costCentreRollup', (scope) => costCentreRollup(scope)],
    ['topCalledNumbers (10, 3 months)', (scope) => topCalledNumbers(scope)],
    ['itemised records, first page of 100', (scope) => listItemisedRecords(scope, { limit: 100 })],
    [
      'itemised records, next page (cursor)',
      (scope) => listItemisedRecords(scope, { limit: 100, after: firstPage.nextCursor ?? '' }),
    ],
    [
      'itemised records, one line, voice only',
      (scope) => listItemisedRecords(scope, { msisdn: dramaNumber(7), recordType: 'voice', limit: 100 }),
    ],
    ['unbilledUsage', (scope) => unbilledUsage(scope)],
  ];
  const p95 = new Map<string, number>();
  for (const [name, query] of queries) {
    const times: number[] = [];
    for (let i = 0; i < READ_ITERATIONS + 5; i += 1) {
      const started = performance.now();
      await withTenant(database.db, tenantId, query);
      if (i >= 5) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    p95.set(name, times[Math.ceil(times.length * 0.95) - 1] ?? Number.NaN);
  }
  return p95;
}

async function bigTenant(database: BillDatabase): Promise<string> {
  const row = await database.db
    .selectFrom('companies')
    .select('tenant_id')
    .where('company_ref', '=', 'big-co')
    .executeTakeFirstOrThrow();
  return row.tenant_id;
}

async function* streamFile(file: string): AsyncGenerator<string> {
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
    yield chunk as string;
}

async function* wholeFile(file: string): AsyncGenerator<string> {
  // PGlite takes a COPY as one blob; the whole file is one chunk so no row is split.
  yield await readFile(file, 'utf8');
}

async function onPostgres(
  dirs: string[],
): Promise<{ imports: ImportFigures; reads: Map<string, number> } | string> {
  const name = `lk_bill_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end().catch(() => {});
    return `PostgreSQL not reachable at ${ADMIN_URL}: ${(error as Error).message}`;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    const database = await createBillDatabase({ databaseUrl: url.toString() });
    try {
      await sql.raw(BARE_TABLE).execute(database.db);
      const imports = await measureImports(database, dirs, streamFile);
      await sql`analyze`.execute(database.db);
      return { imports, reads: await measureReads(database, await bigTenant(database)) };
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function onPglite(dirs: string[]): Promise<{ imports: ImportFigures; reads: Map<string, number> }> {
  const database = await createBillDatabase({});
  try {
    await sql.raw(BARE_TABLE).execute(database.db);
    const imports = await measureImports(database, dirs, wholeFile);
    await sql`analyze`.execute(database.db);
    return { imports, reads: await measureReads(database, await bigTenant(database)) };
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'lk-bill-bench-'));
  try {
    const dirs: string[] = [];
    let total = 0;
    for (const [index, period] of PERIODS.entries()) {
      const dir = join(root, period);
      const { records } = await writeBillRunFiles(dir, {
        period,
        companies: companies(),
        recordsPerLine: (ref) => (ref === 'big-co' ? BIG_RECORDS_PER_LINE : SMALL_RECORDS_PER_LINE),
        seed: index + 1,
      });
      total += records;
      dirs.push(dir);
    }
    process.stdout.write(
      `generated ${total.toLocaleString('en-GB')} records in 3 bill runs (BENCH_SCALE=${SCALE})\n`,
    );
    const postgres = await onPostgres(dirs);
    if (typeof postgres === 'string') process.stdout.write(`${postgres}\n`);
    const pglite = await onPglite(dirs);
    report(typeof postgres === 'string' ? undefined : postgres, pglite);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function report(
  postgres: { imports: ImportFigures; reads: Map<string, number> } | undefined,
  pglite: { imports: ImportFigures; reads: Map<string, number> },
): void {
  const rate = (x: ImportFigures, seconds: number) =>
    `${Math.round(x.rows / seconds).toLocaleString('en-GB')} rows/s`;
  const rows: [string, (x: ImportFigures) => string][] = [
    ['rows in 3 bill runs', (x) => x.rows.toLocaleString('en-GB')],
    [
      'peer: bare COPY of records.csv as it is (CSV, one stream) into an unindexed table',
      (x) => rate(x, x.bareSeconds),
    ],
    [
      'importBillRun: hash, validate, stage, binary COPY (one stream), index, summarise, check, publish',
      (x) => rate(x, x.importSeconds),
    ],
    ['import as % of bare COPY', (x) => `${Math.round((100 * x.bareSeconds) / x.importSeconds)} %`],
    ['load average (1 min) before / after', (x) => `${x.load[0].toFixed(2)} / ${x.load[1].toFixed(2)}`],
    [
      'import time by phase: hash / validate+stage / load / index+summarise+check / publish',
      (x) =>
        `${['hashing', 'validating', 'loading', 'checking', 'publishing']
          .map((phase) => `${(x.phases[phase] ?? 0).toFixed(2)}`)
          .join(' / ')} s`,
    ],
  ];
  const table = ['| measure | PostgreSQL | PGlite |', '| --- | --- | --- |'];
  for (const [label, show] of rows) {
    table.push(`| ${label} | ${postgres ? show(postgres.imports) : 'n/a'} | ${show(pglite.imports)} |`);
  }
  for (const [query, ms] of pglite.reads) {
    const pgMs = postgres?.reads.get(query);
    table.push(
      `| p95 ${query} | ${pgMs === undefined ? 'n/a' : `${pgMs.toFixed(1)} ms`} | ${ms.toFixed(1)} ms |`,
    );
  }
  process.stdout.write(
    `\nbill-manager import beside a bare COPY of the same rows, each run in turn per bill run; reads of the largest company under RLS (BENCH_SCALE=${SCALE}, ${availableParallelism()} cores)\n\n${table.join('\n')}\n`,
  );
  const outDir = join(process.cwd(), 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'bill-manager.json'),
    JSON.stringify(
      {
        scale: SCALE,
        postgres: postgres && { imports: postgres.imports, reads: Object.fromEntries(postgres.reads) },
        pglite: { imports: pglite.imports, reads: Object.fromEntries(pglite.reads) },
      },
      null,
      2,
    ),
  );
}

await main();
// Then the web app: the dashboard API with 50 signed-in sessions (its own scratch database).
await import('./dashboard.js');
