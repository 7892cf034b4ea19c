import { LineKeeperError } from '@linekeeper/identity-core';

/** The canary's own failure codes. */
export type CanaryErrorCode = 'ERR_CANARY_ACCOUNTING_TIMEOUT' | 'ERR_CANARY_OPTIONS_INVALID';

export function canaryError(code: CanaryErrorCode, message: string): LineKeeperError<CanaryErrorCode> {
  return new LineKeeperError(code, message);
}
