import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedRuns } from '../data/read/published-runs.js';
import { withTenant } from '../data/with-tenant.js';
import { spendByMonthScoped } from './queries/scoped-spend.js';
import { AUTHORIZATION_TABLE } from './testing/authorization-table.js';
import { openMatrixWorld } from './testing/open-matrix-world.js';
import {
  type MatrixTable,
  matrixCoverage,
  runAuthorizationMatrix,
} from './testing/run-authorization-matrix.js';
import { openWebTestWorld, type WebTestWorld } from './testing/web-test-world.js';

/** The matrix is only worth something if it fails: a route registered without the guard. */
describe('the authorization matrix catches an unguarded route', () => {
  let world: WebTestWorld;
  beforeAll(async () => {
    world = await openWebTestWorld({}, (app) => {
      // Deliberately wrong: a company's spend by month, straight from the database, no guard.
      app.get('/api/leaky-spend', async () => {
        const db = app.billManagerServices.database.db;
        const company = await db
          .selectFrom('companies')
          .select('tenant_id')
          .orderBy('name')
          .executeTakeFirstOrThrow();
        return withTenant(db, company.tenant_id, async (tx) =>
          spendByMonthScoped(tx, await publishedRuns(tx), undefined),
        );
      });
    });
  }, 180_000);
  afterAll(async () => world?.close());

  it('reports the route as missing from the table', () => {
    expect(matrixCoverage(world.app.billManagerRoutes, AUTHORIZATION_TABLE).missing).toEqual([
      'GET /api/leaky-spend',
    ]);
  });

  it('reports every role the route lets in that the table says it must refuse', async () => {
    const table: MatrixTable = {
      // What the route should have been: the company's administrators only.
      'GET /api/leaky-spend': { allow: ['company_admin'], call: () => ({ path: '/api/leaky-spend' }) },
    };
    const failures = await runAuthorizationMatrix(await openMatrixWorld(world), table);
    const refusedActors = failures.map((failure) => /as (\S+)/.exec(failure)?.[1]);
    expect(refusedActors.sort()).toEqual([
      'anonymous',
      'cost_centre_manager',
      'line_user',
      'operator',
      'operator_break_glass',
    ]);
    for (const failure of failures) expect(failure).toMatch(/^should be refused: GET \/api\/leaky-spend/);
  }, 120_000);
});
