import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsv, splitCsvLine } from './csv-reader.js';

describe('splitCsvLine', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('a,b,,d')).toEqual(['a', 'b', '', 'd']);
    expect(splitCsvLine('"Bravo, Sons & Co","say ""hi""",x')).toEqual(['Bravo, Sons & Co', 'say "hi"', 'x']);
  });
});

describe('openCsv', () => {
  it('numbers lines from the header, across CRLF endings, a BOM and blank lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-csv-'));
    try {
      const path = join(dir, 'x.csv');
      await writeFile(path, '\uFEFFa,b\r\n1,2\r\n\r\n3,4');
      const csv = await openCsv(path);
      expect(csv.header).toEqual(['a', 'b']);
      const rows = [];
      for await (const batch of csv.batches) rows.push(...batch);
      expect(rows).toEqual([
        { line: 2, fields: ['1', '2'] },
        { line: 4, fields: ['3', '4'] },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
