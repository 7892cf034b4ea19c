import { describe, expect, it } from 'vitest';
import { spendByMonth } from '../read/spend-by-month.js';
import { openTestDatabase } from '../test-database.js';
import { withTenant } from '../with-tenant.js';
import { loadDemoData } from './load-demo-data.js';

describe('loadDemoData', () => {
  it('loads three months for the demo companies once, and recognises them the next time', async () => {
    const test = await openTestDatabase();
    try {
      const now = new Date('2026-05-10T12:00:00Z');
      expect(await loadDemoData(test.database, { now })).toEqual({ published: 3, duplicates: 0 });
      expect(await loadDemoData(test.database, { now })).toEqual({ published: 0, duplicates: 3 });
      const companies = await test.database.db
        .selectFrom('companies')
        .select(['tenant_id', 'name'])
        .execute();
      expect(companies.map((company) => company.name).sort()).toEqual([
        'Harbour Bakery Ltd',
        'Northwind Couriers',
      ]);
      const lines = await test.database.db.selectFrom('lines').select('msisdn').execute();
      for (const line of lines) expect(line.msisdn).toMatch(/^\+447700900\d{3}$/);
      const months = await withTenant(test.database.db, companies[0]?.tenant_id ?? '', (scope) =>
        spendByMonth(scope),
      );
      expect(months.map((month) => month.period)).toEqual(['2026-04', '2026-03', '2026-02']);
    } finally {
      await test.drop();
    }
  });
});
