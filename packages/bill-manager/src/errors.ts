import { LineKeeperError } from '@linekeeper/identity-core';

/** The Bill Manager's stable error codes; callers `switch` on them. */
export type BillManagerErrorCode =
  | 'ERR_BILL_CONFIG_INVALID'
  | 'ERR_BILL_NO_TENANT'
  | 'ERR_BILL_MIGRATION_FAILED'
  | 'ERR_BILL_IMPORT_INVALID'
  | 'ERR_BILL_IMPORT_TOTALS'
  | 'ERR_BILL_IMPORT_BUSY'
  | 'ERR_BILL_IMPORT_FILES'
  | 'ERR_BILL_CURSOR_INVALID';

export type BillManagerError = LineKeeperError<BillManagerErrorCode>;

export function billError(
  code: BillManagerErrorCode,
  message: string,
  options: { where?: string; cause?: unknown } = {},
): BillManagerError {
  return new LineKeeperError(code, message, options);
}
