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
    const summaries = new RunSummaries(7);
    const errors: RowError[] = [];
    const copy = await openRecordCopy({
      path,
      accounts: new Map([['ACC-1', { tenantId: TENANT, billRunId: RUN }]]),
      lineAccounts: new Map([
        ['+447700900001', 'ACC-1'],
        ['+447700900002', 'ACC-1'],
      ]),
      skipInvalid,
      summaries,
      onError: (error) => errors.push(error),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of copy.rows) chunks.push(chunk);
    return { columns: copy.columns, lines: decodeTuples(Buffer.concat(chunks)), errors, summaries };
  };

  const HEADER =
    'account_number,msisdn,record_type,started_at,called_number,destination_class,country,duration_s,volume_bytes,description,charge_minor,vat_minor';

  it('writes a canonical row as a binary tuple, behind its import, tenant and bill run', async () => {
    const { columns, lines, errors } = await load(
      'canonical.csv',
      `${HEADER}\nACC-1,+447700900001,voice,2026-01-31T09:15:00Z,+441632960001,landline,GB,60,,,12,2\r\n` +
        'ACC-1,+447700900002,data,2026-01-31T23:59:59.999999-00:30,,,,,123456789012345,,-7,0\n',
    );
    expect(errors).toEqual([]);
    expect(columns).toEqual(COLUMNS);
    expect(lines).toEqual([
      [
        7,
        TENANT,
        RUN,
        '+447700900001',
        'voice',
        '2026-01-31T09:15:00.000000Z',
        '+441632960001',
        'landline',
        'GB',
        60,
        null,
        null,
        12,
        2,
        id(1),
      ],
      [
        7,
        TENANT,
        RUN,
        '+447700900002',
        'data',
        '2026-02-01T00:29:59.999999Z',
        null,
        null,
        null,
        null,
        123456789012345,
        null,
        -7,
        0,
        id(2),
      ],
    ]);
  });

  it('makes the same tuple of a row on the fast path and the slow one', async () => {
    const canonical =
      'ACC-1,+447700900001,voice,2026-01-31T09:15:00.5+01:00,+441632960001,landline,GB,60,,,12,2\n' +
      'ACC-1,+447700900002,third_party,2026-01-31T09:15Z,,,,,,Ringtone 4,199,40\n';
    // Quotes and padding send the same rows down the slow path.
    const written =
      'ACC-1,"+447700900001",voice,2026-01-31T09:15:00.5+01:00,+441632960001,landline,GB,60,,,12,2\n' +
      'ACC-1,+447700900002, third_party ,2026-01-31T09:15Z,,,,,,"Ringtone 4",199,40\n';
    const fast = await load('fast.csv', `${HEADER}\n${canonical}`);
    const slow = await load('slow.csv', `${HEADER}\n${written}`);
    expect(fast.errors).toEqual([]);
    expect(slow.errors).toEqual([]);
    expect(slow.lines).toEqual(fast.lines);
    expect(fast.lines[0]?.[5]).toBe('2026-01-31T08:15:00.500000Z');
    expect([...slow.summaries.lineSummaries()]).toEqual([...fast.summaries.lineSummaries()]);
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
    expect(columns).toEqual(COLUMNS);
    expect(lines).toEqual([
      [
        7,
        TENANT,
        RUN,
        '+447700900002',
        'third_party',
        '2026-01-31T09:00:00.000000Z',
        null,
        null,
        null,
        null,
        null,
        'Refund, "gold" plan',
        -150,
        -30,
        id(1),
      ],
      // The country comes from the called number when the file has none.
      [
        7,
        TENANT,
        RUN,
        '+447700900001',
        'sms',
        '2026-01-31T11:00:00.000000Z',
        '+441632960002',
        null,
        'GB',
        null,
        null,
        null,
        10,
        2,
        id(2),
      ],
    ]);
    expect(summaries.totals().get(RUN)).toEqual({ charge: -140, vat: -28, records: 2 });
    expect([...summaries.calledSummaries()]).toEqual([
      { billRunId: RUN, calledNumber: '+441632960002', calls: 1, durationS: 0, chargeMinor: 10 },
    ]);
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
    expect(skipped.lines.map((line) => line[5])).toEqual([
      '2026-01-31T09:15:00.000000Z',
      '2026-01-31T09:16:00.000000Z',
    ]);
  });
});

const COLUMNS = [
  'import_id',
  'tenant_id',
  'bill_run_id',
  'msisdn',
  'record_type',
  'started_at',
  'called_number',
  'destination_class',
  'country',
  'duration_s',
  'volume_bytes',
  'description',
  'charge_minor',
  'vat_minor',
  'id',
];
/** The id of an import's n-th record: the import's id above 32 bits. */
const id = (n: number) => 7 * 2 ** 32 + n;
const TYPES = [
  'int8',
  'uuid',
  'uuid',
  'text',
  'text',
  'time',
  'text',
  'text',
  'text',
  'int4',
  'int8',
  'text',
  'int8',
  'int8',
  'int8',
];

/** Reads binary COPY tuples back as values (times as ISO with microseconds). */
function decodeTuples(bytes: Buffer): unknown[][] {
  const rows: unknown[][] = [];
  let at = 0;
  while (at < bytes.length) {
    const count = bytes.readInt16BE(at);
    at += 2;
    expect(count).toBe(TYPES.length);
    const row: unknown[] = [];
    for (const type of TYPES) {
      const length = bytes.readInt32BE(at);
      at += 4;
      if (length < 0) {
        row.push(null);
        continue;
      }
      const value = bytes.subarray(at, at + length);
      at += length;
      if (type === 'int8') row.push(Number(value.readBigInt64BE()));
      else if (type === 'int4') row.push(value.readInt32BE());
      else if (type === 'text') row.push(value.toString('utf8'));
      else if (type === 'uuid')
        row.push(value.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'));
      else {
        const micros = value.readBigInt64BE() + 946_684_800_000_000n;
        const iso = new Date(Number(micros / 1000n)).toISOString();
        row.push(`${iso.slice(0, 19)}.${String(micros % 1_000_000n).padStart(6, '0')}Z`);
      }
    }
    rows.push(row);
  }
  return rows;
}
