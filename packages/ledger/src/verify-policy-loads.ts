import type { Kysely } from 'kysely';
import type { LedgerTables } from './ledger-tables.js';
import { policyLoadHash } from './policy-load-hash.js';
import { GENESIS_HASH } from './seal-batch.js';
import type { VerifyProblem } from './verify-ledger.js';

/** Checks every instance's chain of policy loads; returns how many loads it read. */
export async function verifyPolicyLoads(
  db: Kysely<LedgerTables>,
  schema: string,
  problems: VerifyProblem[],
): Promise<number> {
  const loads = await db.withSchema(schema).selectFrom('policy_load').selectAll().orderBy('id').execute();
  const prev = new Map<string, string>();
  for (const load of loads) {
    const expectedPrev = prev.get(load.instance_id) ?? GENESIS_HASH;
    const hash = policyLoadHash(
      {
        instanceId: load.instance_id,
        at: load.at.getTime(),
        policyVersion: load.policy_version,
        accepted: load.accepted,
        reason: load.reason,
        diffHash: load.diff_hash ?? undefined,
        approver: load.approver ?? undefined,
      },
      load.prev_hash,
    );
    const where = { instanceId: load.instance_id, loadId: String(load.id) };
    if (hash !== load.load_hash) {
      problems.push({
        kind: 'policy-load-changed',
        ...where,
        detail: `policy load ${where.loadId} changed since recorded`,
      });
    }
    if (load.prev_hash !== expectedPrev) {
      problems.push({
        kind: 'policy-load-chain-break',
        ...where,
        detail: `policy load ${where.loadId} of instance ${load.instance_id} does not follow the previous one (a load deleted?)`,
      });
    }
    prev.set(load.instance_id, load.load_hash);
  }
  return loads.length;
}
