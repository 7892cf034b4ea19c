/** The policy package's stable error codes (LineKeeperError<PolicyErrorCode>). */
export type PolicyErrorCode =
  /** The file cannot be read (missing, permissions, a directory). */
  | 'ERR_POLICY_UNREADABLE'
  /** The file has at least one error-level problem; `policy check` lists them all. */
  | 'ERR_POLICY_INVALID';
