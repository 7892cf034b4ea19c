// `node --import tsx packages/ledger/bench/index.ts` — BENCH_ROWS (default 2,000,000; the target
// is 10,000,000), BENCH_INSTANCES (gateway instances writing at once, default 2), against
// BENCH_DATABASE_URL / DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a
// schema of its own that is dropped at the end.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  createDisclosureLedger,
  createKyselyLedgerStore,
  ensurePartition,
  exposureReport,
  migrateLedger,
  monthOf,
  openLedgerDatabase,
  rollupDays,
  verifyLedger,
} from '../src/index.js';
import { benchDisclosure, copyLine, hostName, REQUESTS_PER_VISIT, SPAN, START, WEEK } from './bench-data.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2);
const BATCH = 5_000;
const URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const schema = `ledger_bench_${suffix}`;
const peerSchema = `ledger_bench_copy_${suffix}`;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms).toLocaleString('en-GB');

const database = await openLedgerDatabase({ databaseUrl: URL, maxConnections: INSTANCES + 2 });
const { db } = database;
const figures: Record<string, number | string> = { rows: ROWS, instances: INSTANCES };
try {
  for (const s of [schema, peerSchema]) {
    await migrateLedger(db, s);
    for (let m = monthOf(START); m <= monthOf(START + SPAN); m += 1) await ensurePartition(db, s, m);
  }

  // 1. The hot path alone: record() into a ledger whose store discards.
  {
    const ledger = createDisclosureLedger({
      store: {
        chainHead: async () => undefined,
        appendBatch: async () => {},
        appendPolicyLoad: async () => {},
      },
      instanceId: 'gw-0',
      maxBuffered: 1_000_000,
      flushIntervalMs: 1_000,
    });
    const sample = Array.from({ length: 200_000 }, (_, i) => benchDisclosure(i, 200_000, 'gw-0'));
    const t0 = performance.now();
    for (const d of sample) ledger.record(d);
    figures.recordNs = Math.round(((performance.now() - t0) * 1e6) / sample.length);
    await ledger.close();
  }

  // 2. The ledger into PostgreSQL: INSTANCES gateway instances, each its own chain, in parallel.
  {
    const store = createKyselyLedgerStore({ db, schema });
    const t0 = performance.now();
    let refusedFull = 0;
    await Promise.all(
      Array.from({ length: INSTANCES }, async (_, k) => {
        const instanceId = `gw-${k + 1}`;
        const ledger = createDisclosureLedger({
          store,
          instanceId,
          maxBatch: BATCH,
          maxBuffered: 50_000,
          flushIntervalMs: 50,
        });
        for (let i = k; i < ROWS; i += INSTANCES) {
          const d = benchDisclosure(i, ROWS, instanceId);
          while (!ledger.record(d)) await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await ledger.close();
        refusedFull += ledger.stats().refused.full;
      }),
    );
    const ms = performance.now() - t0;
    figures.ledgerInsertMs = Math.round(ms);
    figures.ledgerRowsPerSecond = Math.round((ROWS * 1000) / ms);
    figures.ledgerRefusedWhileFull = refusedFull;
  }

  // 3. The peer: plain COPY of the same rows into the same (partitioned, indexed) table.
  {
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    const t0 = performance.now();
    const lines = (function* () {
      let chunk = '';
      for (let i = 0; i < ROWS; i += 1) {
        chunk += `${copyLine(i, benchDisclosure(i, ROWS, 'gw-1'), BATCH)}\n`;
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    })();
    await pipeline(
      Readable.from(lines),
      client.query(
        copyFrom(
          `copy ${peerSchema}.disclosure (batch_id, seq, at, msisdn, accounting_session_id, host, scheme, port, path, partner_id, purpose, fields, policy_version, instance_id) from stdin`,
        ),
      ),
    );
    const ms = performance.now() - t0;
    await client.end();
    figures.copyMs = Math.round(ms);
    figures.copyRowsPerSecond = Math.round((ROWS * 1000) / ms);
  }

  // 4. The daily summaries, as `linekeeper ledger maintain` builds them for completed days.
  {
    const t0 = performance.now();
    const days = await rollupDays({ db, schema, now: START + SPAN + 2 * 86_400_000 });
    figures.rollupMs = Math.round(performance.now() - t0);
    figures.rollupDays = days.length;
    figures.rollupRows = days.reduce((n, d) => n + d.rollupRows, 0);
  }
  for (const table of ['disclosure', 'disclosure_batch', 'disclosure_daily', 'daily_rollup']) {
    await sql`analyze ${sql.table(`${schema}.${table}`)}`.execute(db);
  }

  // 5. The exposure report over a two-week window (weeks 4–5 of 8), outside a policy that
  // does not list 1% of the hosts.
  const from = new Date(START + 3 * WEEK);
  const to = new Date(START + 5 * WEEK);
  const refusedHosts = new Set(Array.from({ length: 100 }, (_, i) => hostName(i * 100 + 7)));
  const allowed = (d: { host: string }) => !refusedHosts.has(d.host);
  for (const [run, summaries] of [
    [1, true],
    [2, true],
    [3, false],
  ] as const) {
    const t0 = performance.now();
    // inFlightMs 0: every writer has closed, no insert can be in flight behind the summaries.
    const report = await exposureReport({
      db,
      schema,
      from,
      to,
      outsidePolicy: allowed,
      summaries,
      inFlightMs: 0,
    });
    if (summaries) figures.summarisedDays = report.summarisedDays.length;
    const ms = performance.now() - t0;
    figures[`reportMs${run}`] = Math.round(ms);
    figures.windowRows = report.totals.disclosures;
    figures.windowSubscribers = report.totals.subscribers;
    figures.windowHosts = report.totals.hosts;
    figures.outsideDisclosures = report.outsidePolicy?.disclosures ?? 0;
    figures.outsideSubscribers = report.outsidePolicy?.subscribers ?? 0;
  }
  {
    const t0 = performance.now();
    await exposureReport({ db, schema, from, to, host: hostName(3) });
    figures.reportOneHostMs = Math.round(performance.now() - t0);
  }
  {
    const t0 = performance.now();
    const report = await verifyLedger({ db, schema });
    figures.verifyMs = Math.round(performance.now() - t0);
    figures.verifyOk = String(report.ok);
  }
} finally {
  for (const s of [schema, peerSchema]) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(db);
  await database.close();
}

const f = figures as Record<string, number>;
const table = [
  '| what | result |',
  '| --- | --- |',
  `| \`record()\` hot path (store discarding) | ${f.recordNs} ns/disclosure |`,
  `| ledger → PostgreSQL, ${INSTANCES} instances, ${BATCH}-row batches (hash, chain, unnest insert) | ${rate(ROWS, f.ledgerInsertMs as number)} rows/s (${seconds(f.ledgerInsertMs as number)} s) |`,
  `| peer: plain \`COPY\` of the same rows, same table and indexes | ${rate(ROWS, f.copyMs as number)} rows/s (${seconds(f.copyMs as number)} s) |`,
  `| daily summaries for ${f.rollupDays} days (\`rollupDays\`, maintenance job) | ${seconds(f.rollupMs as number)} s, ${(f.rollupRows as number).toLocaleString('en-GB')} summary rows |`,
  `| exposure report, 2-week window (${(f.windowRows as number).toLocaleString('en-GB')} disclosures, ${(f.windowSubscribers as number).toLocaleString('en-GB')} subscribers, ${f.windowHosts} hosts, ${(f.outsideDisclosures as number).toLocaleString('en-GB')} outside policy), from ${f.summarisedDays} daily summaries, first / second run | ${seconds(f.reportMs1 as number)} s / ${seconds(f.reportMs2 as number)} s |`,
  `| same report from raw rows only (\`summaries: false\`) | ${seconds(f.reportMs3 as number)} s |`,
  `| exposure report, same window, one host | ${seconds(f.reportOneHostMs as number)} s |`,
  `| \`ledger verify\`, all ${ROWS.toLocaleString('en-GB')} rows (${figures.verifyOk === 'true' ? 'intact' : 'TAMPERED?'}) | ${seconds(f.verifyMs as number)} s |`,
];
process.stdout.write(
  `\nledger: ${ROWS.toLocaleString('en-GB')} rows over 8 weeks, ${REQUESTS_PER_VISIT} requests per visit, PostgreSQL ${URL.replace(/\/\/[^@]*@/, '//')}\n\n${table.join('\n')}\n`,
);
const outDir = join(process.cwd(), 'bench', 'out');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'ledger.json'), JSON.stringify(figures, null, 2));
