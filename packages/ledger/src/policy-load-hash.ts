import { createHash } from 'node:crypto';
import type { PolicyLoad } from './disclosure.js';

/**
 * Policy loads are chained per instance like batches: hiding a refused (or an accepted
 * widening) load means breaking the chain. `at` is epoch milliseconds.
 */
export function policyLoadHash(load: PolicyLoad & { readonly instanceId: string }, prevHash: string): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        load.instanceId,
        load.at,
        load.policyVersion,
        load.accepted,
        load.reason,
        load.diffHash ?? null,
        load.approver ?? null,
        prevHash,
      ]),
    )
    .digest('hex');
}
