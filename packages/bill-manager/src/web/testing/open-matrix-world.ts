import { dramaNumber } from '../../data/demo/write-bill-run-files.js';
import type { Actor, Fixtures, MatrixWorld } from './run-authorization-matrix.js';
import type { TestSession, WebTestWorld } from './web-test-world.js';

interface DemoTenant {
  readonly companyName: string;
  readonly admin: string;
  readonly manager: string;
  readonly lineUser: string;
  readonly lineMsisdn: string;
  /** Outside the manager's cost centre, and not the line user's. */
  readonly outsideMsisdn: string;
}

export const HARBOUR: DemoTenant = {
  companyName: 'Harbour Bakery Ltd',
  admin: 'admin@harbour-bakery.demo',
  manager: 'manager@harbour-bakery.demo',
  lineUser: 'ada@harbour-bakery.demo',
  lineMsisdn: dramaNumber(100),
  outsideMsisdn: dramaNumber(103),
};
export const NORTHWIND: DemoTenant = {
  companyName: 'Northwind Couriers',
  admin: 'admin@northwind.demo',
  manager: 'manager@northwind.demo',
  lineUser: 'driver1@northwind.demo',
  lineMsisdn: dramaNumber(200),
  outsideMsisdn: dramaNumber(207),
};
const OPERATOR = 'operator@linekeeper.demo';

/** The matrix's world: actors of `own` (Harbour by default) and fixtures of both companies. */
export async function openMatrixWorld(
  world: WebTestWorld,
  own = HARBOUR,
  foreign = NORTHWIND,
): Promise<MatrixWorld> {
  const expectOk = <R extends { status: number; text: string }>(what: string, response: R): R => {
    if (response.status >= 300) throw new Error(`${what}: ${response.status} ${response.text}`);
    return response;
  };
  const operator = await world.signIn(OPERATOR);
  const companies = (
    expectOk('companies', await world.call('GET', '/api/operator/companies', { session: operator })).json as {
      companies: { id: string; name: string }[];
    }
  ).companies;

  const fixturesOf = async (tenant: DemoTenant): Promise<Fixtures> => {
    const admin = await world.signIn(tenant.admin);
    const lines = (
      expectOk('lines', await world.call('GET', '/api/lines?pageSize=200', { session: admin })).json as {
        lines: { id: string; msisdn: string }[];
      }
    ).lines;
    const lineOf = (msisdn: string) => {
      const line = lines.find((row) => row.msisdn === msisdn);
      if (!line) throw new Error(`no line ${msisdn}`);
      return line.id;
    };
    const outsideLineId = lineOf(tenant.outsideMsisdn);
    const runs = (
      expectOk('bill runs', await world.call('GET', '/api/bill-runs', { session: admin })).json as {
        billRuns: { id: string }[];
      }
    ).billRuns;
    let made = 0;
    const freshUserId = async () => {
      made += 1;
      // A session of its own: the matrix signs the administrator out everywhere along the way.
      const response = await world.call('POST', '/api/users', {
        session: await world.signIn(tenant.admin),
        body: {
          email: `fixture-${made}-${Date.now()}@${tenant.admin.split('@')[1]}`,
          displayName: 'Fixture User',
          role: 'line_user',
          lineId: outsideLineId,
          password: 'fixture-user-password',
        },
      });
      return (expectOk('create user', response).json as { id: string }).id;
    };
    const freshWatchpointId = async () => {
      const response = await world.call('POST', '/api/watchpoints', {
        session: await world.signIn(tenant.manager),
        body: { name: 'Roaming watch', kind: 'class_spend', watchClass: 'roaming', thresholdMinor: 50 },
      });
      return (expectOk('create watchpoint', response).json as { id: string }).id;
    };
    return {
      lineId: lineOf(tenant.lineMsisdn),
      outsideLineId,
      billRunId: runs[0]?.id ?? '',
      userId: await freshUserId(),
      watchpointId: await freshWatchpointId(),
      operatorCompanyId: companies.find((company) => company.name === tenant.companyName)?.id ?? '',
      freshUserId,
      freshWatchpointId,
    };
  };

  const ownFixtures = await fixturesOf(own);
  const foreignFixtures = await fixturesOf(foreign);

  const signIn = async (actor: Actor): Promise<TestSession | undefined> => {
    switch (actor) {
      case 'anonymous':
        return undefined;
      case 'company_admin':
        return world.signIn(own.admin);
      case 'cost_centre_manager':
        return world.signIn(own.manager);
      case 'line_user':
        return world.signIn(own.lineUser);
      case 'operator':
        return world.signIn(OPERATOR);
      case 'operator_break_glass': {
        const session = await world.signIn(OPERATOR);
        expectOk(
          'break-glass',
          await world.call('POST', '/api/operator/break-glass', {
            session,
            body: {
              companyId: ownFixtures.operatorCompanyId,
              reason: 'authorization matrix: reading with a reason',
              minutes: 30,
            },
          }),
        );
        return session;
      }
    }
  };
  return { world, signIn, own: ownFixtures, foreign: foreignFixtures };
}
