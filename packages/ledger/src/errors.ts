import { LineKeeperError } from '@linekeeper/identity-core';

/** The ledger's stable error codes; callers `switch` on `error.code`. */
export type LedgerErrorCode =
  | 'ERR_LEDGER_CLOSED'
  | 'ERR_LEDGER_STORE'
  | 'ERR_LEDGER_CHAIN_CONFLICT'
  | 'ERR_LEDGER_RETENTION_INVALID'
  | 'ERR_LEDGER_WINDOW_INVALID'
  | 'ERR_LEDGER_SCHEMA_INVALID';

export function ledgerError(
  code: LedgerErrorCode,
  message: string,
  cause?: unknown,
): LineKeeperError<LedgerErrorCode> {
  return new LineKeeperError(code, message, cause === undefined ? {} : { cause });
}
