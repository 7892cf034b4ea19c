import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZATION_TABLE } from './testing/authorization-table.js';
import { HARBOUR, NORTHWIND, openMatrixWorld } from './testing/open-matrix-world.js';
import { type RecordedCall, runAuthorizationMatrix } from './testing/run-authorization-matrix.js';
import { openWebTestWorld, type WebTestWorld } from './testing/web-test-world.js';

/** Strings that name company A's data: ids, numbers, people, cost centres, the company. */
function identifiersIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) identifiersIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (
        typeof item === 'string' &&
        /^(id|lineId|costCentreId|parentId|companyId|msisdn|email|userEmail|userName|displayName|name|companyName|createdBy)$/.test(
          key,
        )
      ) {
        into.add(item);
      } else identifiersIn(item, into);
    }
  }
}

describe(`replay: company B repeats every request of company A's administrator (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  let uploads: string;
  beforeAll(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'lk-bill-replay-'));
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

  it("answers none of A's data to B", async () => {
    const recorded: RecordedCall[] = [];
    await runAuthorizationMatrix(
      await openMatrixWorld(world, HARBOUR, NORTHWIND),
      AUTHORIZATION_TABLE,
      (call) => recorded.push(call),
    );
    const ownOfA = new Set<string>([
      HARBOUR.companyName,
      HARBOUR.lineMsisdn,
      HARBOUR.outsideMsisdn,
      HARBOUR.admin,
    ]);
    for (const call of recorded) identifiersIn(call.response.json, ownOfA);
    // Generic words the filter picked up that are not A's (route names, the B-independent labels).
    for (const generic of ['Premium', 'Roaming watch', 'Renamed User', 'Fixture User', 'New Admin'])
      ownOfA.delete(generic);
    expect(recorded.length).toBeGreaterThan(30);
    expect(ownOfA.size).toBeGreaterThan(20);

    const b = await world.signIn(NORTHWIND.admin);
    let replayed = 0;
    for (const { method, call } of recorded) {
      if (call.path === '/api/session' && method !== 'GET') continue; // sign-in/out: B's own session
      if (call.path === '/api/session/sign-out-everywhere' || call.path === '/api/session/password') continue;
      const response = await world.call(method, call.path, {
        session: b,
        ...(call.body !== undefined ? { body: call.body } : {}),
        ...(call.headers ? { headers: call.headers } : {}),
      });
      replayed += 1;
      const leaked = [...ownOfA].filter((identifier) => response.text.includes(identifier));
      expect(leaked, `${method} ${call.path} → ${response.status}`).toEqual([]);
    }
    expect(replayed).toBeGreaterThan(25);
  }, 300_000);
});
