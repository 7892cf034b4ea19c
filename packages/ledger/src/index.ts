export { applyRetention, type DroppedPartition, parseRetention } from './apply-retention.js';
export { type BreachSummary, breachSummary, renderBreachSummary, TO_BE_COMPLETED } from './breach-summary.js';
export { type Disclosure, disclosureProblem, type PolicyLoad } from './disclosure.js';
export type { DisclosureAllowed, DisclosureTarget } from './disclosure-allowed.js';
export {
  createDisclosureLedger,
  type DisclosureLedger,
  type DisclosureLedgerOptions,
  type LedgerStats,
  type RefusalReason,
} from './disclosure-ledger.js';
export type { LedgerErrorCode } from './errors.js';
export { affectedSubscribersCsv, csvCell, toCsv } from './exposure-csv.js';
export {
  type AffectedSubscriber,
  type ExposureOptions,
  type ExposureReport,
  exposureReport,
  type FieldExposure,
  type HostExposure,
  type OutsidePolicyExposure,
  type PurposeExposure,
} from './exposure-report.js';
export { formatExposureReport } from './format-exposure-report.js';
export { createKyselyLedgerStore, type KyselyLedgerStoreOptions } from './kysely-ledger-store.js';
export { createLedgerHostReach } from './ledger-host-reach.js';
export { appendOnlyGrants, ensurePartition, migrateLedger, monthOf } from './ledger-schema.js';
export type { ChainHead, LedgerStore } from './ledger-store.js';
export type { LedgerTables } from './ledger-tables.js';
export {
  type LedgerDatabase,
  type LedgerDatabaseOptions,
  openLedgerDatabase,
} from './open-ledger-database.js';
export { type RolledUpDay, rollupDays } from './rollup-days.js';
export { GENESIS_HASH, type SealedBatch, sealBatch, sealBatchInSlices } from './seal-batch.js';
export {
  type VerifyProblem,
  type VerifyProblemKind,
  type VerifyReport,
  verifyLedger,
} from './verify-ledger.js';
