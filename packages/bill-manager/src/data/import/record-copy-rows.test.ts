import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecordCopy } from './record-copy-rows.js';
import type { RowError } from './row-context.js';
import { RunSummaries } from './run-summaries.js';

const TENANT = '00000000-0000-4000-8000-00000000000a';
const RUN = '00000000-0000-4000-8000-0000000000b1';

describe('openRecordCopy', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lk-bill-copy-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const load = async (name: string, text: string, skipInvalid = false) => {
    const path = join(root, name);
    await writeFile(path, text);
    const summaries = new RunSummaries();
    const errors: RowError[] = [];
    const copy = await openRecordCopy({
      path,
      importId: 7,
      accounts: new Map([['ACC-1', { tenantId: TENANT, billRunId: RUN }]]),
      lineAccounts: new Map([
        ['+447700900001', 'ACC-1'],
        ['+447700900002', 'ACC-1'],
      ]),
      skipInvalid,
      summaries,
      onError: (error) => errors.push(error),
    });
    let out = '';
    for await (const chunk of copy.rows) out += chunk;
    return { columns: copy.columns, lines: out.split('\n').slice(0, -1), errors, summaries };
  };

  const HEADER =
    'account_number,msisdn,record_type,started_at,called_number,destination_class,country,duration_s,volume_bytes,description,charge_minor,vat_minor';

  it('passes a canonical row through as written, behind its import, tenant and bill run', async () => {
    const { columns, lines, errors } = await load(
      'canonical.csv',
      `${HEADER}\nACC-1,+447700900001,voice,2026-01-31T09:15:00Z,+441632960001,landline,GB,60,,,12,2\n`,
    );
    expect(errors).toEqual([]);
    expect(columns).toEqual([
      'import_id',
      'tenant_id',
      'bill_run_id',
      ...HEADER.split(',').filter((name) => name !== 'account_number'),
    ]);
    expect(lines).toEqual([
      `7,${TENANT},${RUN},+447700900001,voice,2026-01-31T09:15:00Z,+441632960001,landline,GB,60,,,12,2`,
    ]);
  });

  it('writes a row in another form out again in canonical form, quoting what needs it', async () => {
    const header =
      'msisdn,record_type,started_at,charge_minor,vat_minor,description,account_number,called_number';
    const { columns, lines, errors, summaries } = await load(
      'written.csv',
      `${header}\n` +
        ' 07700 900002 ,third_party,2026-01-31T10:00:00+01:00,-150,-30,"Refund, ""gold"" plan",ACC-1,\n' +
        '+447700900001,sms,2026-01-31T11:00:00Z,10,2,,ACC-1,01632 960002\n',
    );
    expect(errors).toEqual([]);
    expect(columns).toEqual([
      'import_id',
      'tenant_id',
      'bill_run_id',
      ...header.split(',').filter((name) => name !== 'account_number'),
      'destination_class',
      'country',
      'duration_s',
      'volume_bytes',
    ]);
    expect(lines).toEqual([
      `7,${TENANT},${RUN},+447700900002,third_party,2026-01-31T10:00:00+01:00,-150,-30,"Refund, ""gold"" plan",,,,,`,
      // The country comes from the called number when the file has none.
      `7,${TENANT},${RUN},+447700900001,sms,2026-01-31T11:00:00Z,10,2,,+441632960002,,GB,,`,
    ]);
    expect(summaries.totals().get(RUN)).toEqual({ charge: -140, vat: -28, records: 2 });
    expect([...summaries.calledRows()]).toEqual([`${TENANT}\t${RUN}\t+441632960002\t1\t0\t10\n`]);
  });

  it('reports every bad row with its line and field, and sends nothing after the first', async () => {
    const text =
      `${HEADER}\n` +
      'ACC-1,+447700900001,sms,2026-01-31T09:15:00Z,,,,,,,1,0\n' +
      '\n' +
      'ACC-1,+447700900009,sms,2026-02-30T09:15:00Z,,,,,,,1,0\n' +
      'ACC-1,+447700900001,fax,2026-01-31T09:15:00Z,,,,,,,x,0\n' +
      'ACC-1,+447700900001,sms,2026-01-31T09:16:00Z,,,,,,,1,0\n';
    const { lines, errors } = await load('bad.csv', text);
    expect(errors).toEqual([
      {
        file: 'records.csv',
        line: 4,
        field: 'msisdn',
        message: 'is not a line of this account in accounts.csv',
      },
      {
        file: 'records.csv',
        line: 4,
        field: 'started_at',
        message: 'must be an ISO 8601 time with a zone, e.g. 2026-01-31T09:15:00Z',
      },
      {
        file: 'records.csv',
        line: 5,
        field: 'record_type',
        message: 'must be one of voice, sms, mms, data, third_party',
      },
      { file: 'records.csv', line: 5, field: 'charge_minor', message: 'must be a whole number' },
    ]);
    expect(lines).toEqual([]);
    const skipped = await load('skip.csv', text, true);
    expect(skipped.errors).toEqual(errors);
    expect(skipped.lines.map((line) => line.split(',')[5])).toEqual([
      '2026-01-31T09:15:00Z',
      '2026-01-31T09:16:00Z',
    ]);
  });
});
