import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZATION_TABLE } from './testing/authorization-table.js';
import { openMatrixWorld } from './testing/open-matrix-world.js';
import { matrixCoverage, runAuthorizationMatrix } from './testing/run-authorization-matrix.js';
import { openWebTestWorld, type WebTestWorld } from './testing/web-test-world.js';

describe(`authorization matrix (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  let uploads: string;
  beforeAll(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'lk-bill-matrix-'));
    world = await openWebTestWorld({
      uploadDir: uploads,
      exportsPerHour: 10_000,
      exportsPerCompanyPerDay: 100_000,
    });
  }, 180_000);
  afterAll(async () => {
    await world?.close();
    await rm(uploads, { recursive: true, force: true });
  });

  it('has a row for every route the server registers, and none for a route it does not', () => {
    expect(matrixCoverage(world.app.billManagerRoutes, AUTHORIZATION_TABLE)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('allows and refuses every route × role × own, foreign and out-of-scope object as the table says', async () => {
    const matrix = await openMatrixWorld(world);
    const failures = await runAuthorizationMatrix(matrix, AUTHORIZATION_TABLE);
    expect(failures).toEqual([]);
  }, 300_000);
});
