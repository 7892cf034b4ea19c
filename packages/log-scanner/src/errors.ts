import { LineKeeperError } from '@linekeeper/identity-core';

/** The log scanner's stable error codes; callers `switch` on them. */
export type LogScannerErrorCode =
  | 'ERR_SCAN_OPTIONS_INVALID'
  | 'ERR_SCAN_PATH_NOT_FOUND'
  | 'ERR_SCAN_UNREADABLE'
  | 'ERR_SCAN_BINARY'
  | 'ERR_SCAN_GZIP_CORRUPT'
  | 'ERR_REDACT_WRITE_FAILED'
  | 'ERR_REDACT_TARGET_EXISTS'
  | 'ERR_SCAN_WORKER_FAILED';

export class LogScannerError extends LineKeeperError<LogScannerErrorCode> {}

/** The code of any error, for per-file problem reports (`EACCES`, `ERR_SCAN_BINARY`, ...). */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'ERR_UNKNOWN';
}
