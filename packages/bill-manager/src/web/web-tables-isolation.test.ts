import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../data/with-tenant.js';
import { NORTHWIND } from './testing/open-matrix-world.js';
import { openWebTestWorld, type WebTestWorld } from './testing/web-test-world.js';
import { WEB_TENANT_TABLES } from './web-migrations.js';

describe(`row-level security on the web tables (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  const tenants: Record<string, string> = {};
  beforeAll(async () => {
    world = await openWebTestWorld();
    // Rows in every web table for both companies: sessions, audit, watchpoints, exports, break-glass.
    for (const email of ['admin@harbour-bakery.demo', NORTHWIND.admin]) {
      const admin = await world.signIn(email);
      await world.call('POST', '/api/watchpoints', {
        session: admin,
        body: { name: 'Premium', kind: 'class_spend', watchClass: 'premium', thresholdMinor: 10 },
      });
      await world.call('GET', '/api/exports/lines.csv', { session: admin });
    }
    const operator = await world.signIn('operator@linekeeper.demo');
    const companies = (await world.call('GET', '/api/operator/companies', { session: operator })).json as {
      companies: { id: string }[];
    };
    for (const company of companies.companies) {
      await world.call('POST', '/api/operator/break-glass', {
        session: operator,
        body: { companyId: company.id, reason: 'isolation test: a recorded reason', minutes: 5 },
      });
    }
    const rows = await world.test.database.db
      .selectFrom('companies')
      .select(['tenant_id', 'company_ref'])
      .execute();
    for (const row of rows) tenants[row.company_ref] = row.tenant_id;
  }, 180_000);
  afterAll(async () => world?.close());

  const readable = WEB_TENANT_TABLES.filter((table) => table !== 'web_sessions');

  it('returns no web rows without a tenant context', async () => {
    await world.test.database.db.transaction().execute(async (trx) => {
      await sql`set local role linekeeper_app`.execute(trx);
      for (const table of readable) {
        const column = table === 'web_credentials' ? sql`user_id` : sql`*`;
        const result = await sql<{
          n: number;
        }>`select count(${column})::int as n from ${sql.table(table)}`.execute(trx);
        expect(result.rows[0]?.n, table).toBe(0);
      }
    });
  });

  it("never shows one company's web rows to another", async () => {
    for (const [own, other] of [
      ['demo-harbour-bakery', 'demo-northwind-couriers'],
      ['demo-northwind-couriers', 'demo-harbour-bakery'],
    ] as const) {
      await withTenant(world.test.database.db, tenants[own] ?? '', async (scope) => {
        for (const table of readable) {
          const result = await sql<{
            tenant_id: string;
          }>`select distinct tenant_id from ${sql.table(table)}`.execute(scope);
          expect(result.rows, table).toEqual([{ tenant_id: tenants[own] }]);
          expect(result.rows.some((row) => row.tenant_id === tenants[other])).toBe(false);
        }
      });
    }
  });

  it('keeps password hashes, TOTP secrets and sessions away from the app role', async () => {
    await withTenant(world.test.database.db, tenants['demo-harbour-bakery'] ?? '', async (scope) => {
      await expect(sql`select password_hash from web_credentials`.execute(scope)).rejects.toThrow(
        /permission denied/,
      );
    });
    await withTenant(world.test.database.db, tenants['demo-harbour-bakery'] ?? '', async (scope) => {
      await expect(sql`select totp_secret from web_credentials`.execute(scope)).rejects.toThrow(
        /permission denied/,
      );
    });
    await withTenant(world.test.database.db, tenants['demo-harbour-bakery'] ?? '', async (scope) => {
      await expect(sql`select count(*) from web_sessions`.execute(scope)).rejects.toThrow(
        /permission denied/,
      );
    });
  });
});
