import type { LineKeeperError } from '@linekeeper/identity-core';

/** Stable codes of this package's errors; the admin API maps them to problem JSON. */
export type SubscriberSessionsErrorCode =
  | 'ERR_NAS_CLIENT_INVALID'
  | 'ERR_ADMIN_TOKEN_REQUIRED'
  | 'ERR_ADMIN_UNAUTHORIZED'
  | 'ERR_ADDRESS_INVALID'
  | 'ERR_SESSION_NOT_FOUND'
  | 'ERR_STORE_UNAVAILABLE';

export type SubscriberSessionsError = LineKeeperError<SubscriberSessionsErrorCode>;
