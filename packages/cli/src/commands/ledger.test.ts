import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDisclosureLedger,
  createKyselyLedgerStore,
  type Disclosure,
  migrateLedger,
} from '@linekeeper/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExposure, runLedgerVerify } from './ledger.js';
import { loadLedgerConfig, openConfiguredLedger } from './ledger-config.js';

const POLICY = `version: 1
id: intended-1
pools:
  mobile-data: [10.0.0.0/8]
partners:
  - id: demo-partner
    legalName: Demo Partner Ltd
    contract: { reference: DEMO-1, expires: 2099-12-31 }
    contact: privacy@partner.demo
    destinations:
      - { scheme: http, host: partner.demo }
    purposes:
      carrier-billing:
        disclose: { msisdn: X-MSISDN }
        justification: Charging a purchase to the phone bill needs the billed line's number.
`;

const T0 = Date.parse('2026-01-10T10:00:00Z');
const d = (minutes: number, msisdn: string, host: string): Disclosure => ({
  at: T0 + minutes * 60_000,
  msisdn,
  host,
  scheme: 'http',
  port: 80,
  path: '/',
  partnerId: 'demo-partner',
  purpose: 'carrier-billing',
  fields: ['msisdn'],
  policyVersion: 'sha256:wrong',
  instanceId: 'gw-1',
});

describe('linekeeper ledger verify / exposure (PGlite data dir)', () => {
  let dir: string;
  let options: { dataDir: string; config: string };
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linekeeper-ledger-cli-'));
    await writeFile(join(dir, 'policy.yaml'), POLICY);
    await writeFile(join(dir, 'config.yaml'), 'ledger:\n  schema: ledger_cli_test\n  retention: 13 months\n');
    options = { dataDir: join(dir, 'ledger'), config: join(dir, 'config.yaml') };
    const config = loadLedgerConfig(options);
    const database = await openConfiguredLedger(config);
    await migrateLedger(database.db, config.schema);
    const ledger = createDisclosureLedger({
      store: createKyselyLedgerStore({ db: database.db, schema: config.schema }),
      instanceId: 'gw-1',
    });
    for (const row of [
      d(1, '+447700900001', 'partner.demo'),
      d(2, '+447700900002', 'leak-check.demo'), // the 2012 fault: an unlisted host got the number
      d(3, '+447700900002', 'ads.example'),
      d(4, '+447700900003', 'partner.demo'),
    ]) {
      expect(ledger.record(row)).toBe(true);
    }
    await ledger.close();
    await database.close();
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('rejects unknown config keys, naming them', () => {
    expect(() => loadLedgerConfig({ databaseUrl: 'not a url' })).toThrow(/ledger.databaseUrl/);
  });

  it('lists exactly the disclosures outside the intended policy and writes the notification CSV', async () => {
    const csv = join(dir, 'notify.csv');
    const code = await runExposure(
      {
        ...options,
        from: new Date(T0),
        to: new Date(T0 + 3_600_000),
        outsidePolicy: join(dir, 'policy.yaml'),
        csv,
        json: true,
      },
      io,
    );
    expect(code).toBe(1);
    const { report, summary } = JSON.parse(out.join(''));
    expect(report.totals).toEqual({ disclosures: 4, subscribers: 3, hosts: 3 });
    expect(report.outsidePolicy).toMatchObject({ disclosures: 2, subscribers: 1 });
    expect(summary.approximateNumberOfDataSubjects).toBe(1);
    expect((await readFile(csv, 'utf8')).split('\r\n')).toEqual([
      'msisdn,first_disclosure,last_disclosure,hosts,fields,disclosures',
      `+447700900002,${new Date(T0 + 120_000).toISOString()},${new Date(T0 + 180_000).toISOString()},ads.example leak-check.demo,msisdn,2`,
      '',
    ]);
    expect((await stat(csv)).mode & 0o777).toBe(0o600);
  });

  it('prints a human report without any phone number', async () => {
    out.length = 0;
    await runExposure(
      {
        ...options,
        from: new Date(T0),
        to: new Date(T0 + 3_600_000),
        outsidePolicy: join(dir, 'policy.yaml'),
      },
      io,
    );
    const text = out.join('');
    expect(text).toMatch(/OUTSIDE THE POLICY: 2 disclosures of 1 subscribers to 2 hosts/);
    expect(text).toMatch(/Measures taken: \[TO BE COMPLETED/);
    expect(text).not.toMatch(/7700900/);
  });

  it('verify exits 0 on an intact ledger and 1 after a row is edited', async () => {
    expect(await runLedgerVerify(options, io)).toBe(0);
    const config = loadLedgerConfig(options);
    const database = await openConfiguredLedger(config);
    await database.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn);
      await sql`update ${sql.table(`${config.schema}.disclosure`)} set host = 'partner.demo' where host = 'leak-check.demo'`.execute(
        conn,
      );
    });
    await database.close();
    out.length = 0;
    expect(await runLedgerVerify(options, io)).toBe(1);
    expect(out.join('')).toMatch(/rows-changed: batch 1 .* \[1\]/);
  });
});
