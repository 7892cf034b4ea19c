/**
 * One disclosure the gateway made: whose identity went where, for whom and why. `msisdn` is
 * kept (E.164) because the operator must be able to notify the person; `path` is at most the
 * path prefix of the policy destination that matched, never the full URL (a browsing history
 * is not the ledger's business).
 */
export interface Disclosure {
  /** When the identity was added, epoch milliseconds. */
  readonly at: number;
  readonly msisdn: string;
  readonly accountingSessionId?: string | undefined;
  readonly host: string;
  readonly scheme?: 'http' | 'https' | undefined;
  readonly port?: number | undefined;
  readonly path?: string | undefined;
  readonly partnerId: string;
  readonly purpose: string;
  /** What was disclosed, e.g. `msisdn`, `pseudonym`, `imsi`. */
  readonly fields: readonly string[];
  readonly policyVersion: string;
  readonly instanceId: string;
}

/** Every policy load, accepted or refused (the approval gate's audit trail). */
export interface PolicyLoad {
  readonly at: number;
  readonly policyVersion: string;
  readonly accepted: boolean;
  readonly reason: string;
  readonly diffHash?: string | undefined;
  readonly approver?: string | undefined;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const FIELD = /^[A-Za-z0-9._-]{1,64}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$/;

/**
 * Why a disclosure cannot be recorded, or undefined when it can. Cheap (a few regexes): it runs
 * on the gateway's hot path. Field names are restricted so the comma-joined form used for bulk
 * insertion is unambiguous.
 */
export function disclosureProblem(d: Disclosure): string | undefined {
  if (!Number.isFinite(d.at) || d.at <= 0) return 'at';
  if (!E164.test(d.msisdn)) return 'msisdn';
  if (!HOST.test(d.host)) return 'host';
  if (!TOKEN.test(d.partnerId)) return 'partnerId';
  if (!TOKEN.test(d.purpose)) return 'purpose';
  if (!TOKEN.test(d.instanceId)) return 'instanceId';
  if (d.policyVersion.length === 0 || d.policyVersion.length > 128) return 'policyVersion';
  if (d.fields.length === 0 || d.fields.length > 16) return 'fields';
  for (const field of d.fields) if (!FIELD.test(field)) return 'fields';
  if (d.port !== undefined && !(Number.isInteger(d.port) && d.port > 0 && d.port < 65536)) return 'port';
  if (d.path !== undefined && (d.path.length > 256 || !d.path.startsWith('/'))) return 'path';
  if (d.accountingSessionId !== undefined && d.accountingSessionId.length > 253) return 'accountingSessionId';
  return undefined;
}
