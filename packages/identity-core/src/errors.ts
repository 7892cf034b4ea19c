/**
 * Every LineKeeper package reports failures as a `LineKeeperError` whose `code` is a member of
 * that package's own string-literal union, so callers can `switch` on it. Wire formats (problem
 * JSON, OAuth `error`, CAMARA `{status, code, message}`) are made only at the HTTP edge.
 */
export class LineKeeperError<Code extends string = string> extends Error {
  readonly code: Code;
  /** Where the problem is: a config key path, a file:line, a header name. */
  readonly where: string | undefined;

  constructor(code: Code, message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LineKeeperError';
    this.code = code;
    this.where = options.where;
  }
}

/** The identity core's own codes. */
export type IdentityCoreErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_CONFIG_UNREADABLE'
  | 'ERR_PSEUDONYM_KEY_INVALID'
  | 'ERR_PSEUDONYM_INPUT_INVALID';

export function isLineKeeperError(value: unknown): value is LineKeeperError {
  return value instanceof LineKeeperError;
}
