import type { WebDatabase } from '../web-schema.js';
import type { TotpSealer } from './totp-sealer.js';
import { withOperatorRole } from './with-operator-role.js';

/**
 * Encrypts TOTP secrets stored before encryption at rest (plain base32), once, at start. Each
 * row is rewritten only if it still holds the value read, so a concurrent enrolment wins.
 */
export async function sealLegacyTotpSecrets(db: WebDatabase, sealer: TotpSealer): Promise<number> {
  const rows = await withOperatorRole(db, (trx) =>
    trx
      .selectFrom('web_credentials')
      .select(['user_id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .where('totp_secret', 'not like', 'v1.%')
      .execute(),
  );
  let sealed = 0;
  for (const row of rows) {
    if (!row.totp_secret || sealer.isSealed(row.totp_secret)) continue;
    const value = await sealer.seal(row.totp_secret, row.user_id);
    const result = await withOperatorRole(db, (trx) =>
      trx
        .updateTable('web_credentials')
        .set({ totp_secret: value })
        .where('user_id', '=', row.user_id)
        .where('totp_secret', '=', row.totp_secret)
        .executeTakeFirst(),
    );
    sealed += Number(result.numUpdatedRows);
  }
  return sealed;
}
