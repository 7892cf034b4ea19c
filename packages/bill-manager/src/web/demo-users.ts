import { dramaNumber } from '../data/demo/write-bill-run-files.js';
import type { Role } from './api-contract.js';
import type { PasswordHasher } from './auth/password-hasher.js';
import { withOperatorRole } from './auth/with-operator-role.js';
import type { WebDatabase, WebTransaction } from './web-schema.js';

/** The demo's one password: it works only on accounts marked demo, and only with `demo` on. */
export const DEMO_PASSWORD = 'linekeeper-demo';

export interface DemoUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** The demo company (`DEMO_COMPANIES`' companyRef); none for operator staff. */
  readonly companyRef?: string;
  /** A manager's cost centre, as a path (`Operations/Drivers`). */
  readonly costCentrePath?: string;
  /** A line user's line. */
  readonly msisdn?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'admin@harbour-bakery.demo',
    displayName: 'Hana Harbour',
    role: 'company_admin',
    companyRef: 'demo-harbour-bakery',
  },
  {
    email: 'manager@harbour-bakery.demo',
    displayName: 'Sam Shop',
    role: 'cost_centre_manager',
    companyRef: 'demo-harbour-bakery',
    costCentrePath: 'Shop',
  },
  {
    email: 'ada@harbour-bakery.demo',
    displayName: 'Ada Baker',
    role: 'line_user',
    companyRef: 'demo-harbour-bakery',
    msisdn: dramaNumber(100),
  },
  {
    email: 'admin@northwind.demo',
    displayName: 'Nia North',
    role: 'company_admin',
    companyRef: 'demo-northwind-couriers',
  },
  {
    email: 'manager@northwind.demo',
    displayName: 'Dara Drivers',
    role: 'cost_centre_manager',
    companyRef: 'demo-northwind-couriers',
    costCentrePath: 'Operations/Drivers',
  },
  {
    email: 'driver1@northwind.demo',
    displayName: 'Driver 1',
    role: 'line_user',
    companyRef: 'demo-northwind-couriers',
    msisdn: dramaNumber(200),
  },
  { email: 'operator@linekeeper.demo', displayName: 'Olu Operator', role: 'operator' },
];

/** Adds the sign-ins (by default the demo's) that are not there yet (after `loadDemoData`). Returns how many. */
export async function ensureDemoUsers(
  db: WebDatabase,
  hasher: PasswordHasher,
  users: readonly DemoUser[] = DEMO_USERS,
  password: string = DEMO_PASSWORD,
  /** Mark them demo accounts (valid only while demo is on); false for real seeded accounts. */
  demo = true,
): Promise<number> {
  const hash = await hasher.hash(password);
  return withOperatorRole(db, async (trx) => {
    let added = 0;
    for (const user of users) {
      const exists = await trx
        .selectFrom('web_users')
        .select('id')
        .where('email', '=', user.email)
        .executeTakeFirst();
      if (exists) continue;
      const tenantId = user.companyRef
        ? (
            await trx
              .selectFrom('companies')
              .select('tenant_id')
              .where('company_ref', '=', user.companyRef)
              .executeTakeFirst()
          )?.tenant_id
        : null;
      if (user.companyRef && !tenantId) continue;
      const costCentreId =
        user.costCentrePath && tenantId ? await costCentreByPath(trx, tenantId, user.costCentrePath) : null;
      const lineId = user.msisdn
        ? ((await trx.selectFrom('lines').select('id').where('msisdn', '=', user.msisdn).executeTakeFirst())
            ?.id ?? null)
        : null;
      const created = await trx
        .insertInto('web_users')
        .values({
          tenant_id: tenantId ?? null,
          email: user.email,
          display_name: user.displayName,
          role: user.role,
          cost_centre_id: costCentreId,
          line_id: lineId,
          demo,
          last_sign_in_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('web_credentials')
        .values({
          tenant_id: tenantId ?? null,
          user_id: created.id,
          password_hash: hash,
          totp_secret: null,
          totp_last_step: null,
          locked_until: null,
        })
        .execute();
      added += 1;
    }
    return added;
  });
}

async function costCentreByPath(trx: WebTransaction, tenantId: string, path: string): Promise<string | null> {
  let parent: string | null = null;
  for (const name of path.split('/')) {
    let query = trx
      .selectFrom('cost_centres')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name);
    query = parent === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parent);
    const row = await query.executeTakeFirst();
    if (!row) return null;
    parent = row.id;
  }
  return parent;
}
