export { createImportRoutes, type ImportRoutesOptions } from './api/create-import-routes.js';
export { type BillManagerConfig, billManagerConfigSchema } from './bill-manager-config.js';
export {
  type BillDatabase,
  type BillDatabaseOptions,
  type BillSession,
  createBillDatabase,
} from './data/create-bill-database.js';
export { DEMO_COMPANIES, loadDemoData } from './data/demo/load-demo-data.js';
export {
  type BillRunSpec,
  dramaNumber,
  type GeneratedCompany,
  writeBillRunFiles,
} from './data/demo/write-bill-run-files.js';
export {
  type ImportOptions,
  type ImportPhase,
  type ImportProgress,
  type ImportReport,
  importBillRun,
} from './data/import/import-bill-run.js';
export { BILL_RUN_FILES } from './data/import/read-bill-run-files.js';
export type { RowError } from './data/import/row-context.js';
export { runMigrations } from './data/migrate.js';
export { MIGRATIONS, TENANT_TABLES } from './data/migrations.js';
export { type CostCentreTotal, costCentreRollup } from './data/read/cost-centre-rollup.js';
export {
  type ItemisedPage,
  type ItemisedRecord,
  type ItemisedRecordFilter,
  listItemisedRecords,
} from './data/read/itemised-records.js';
export { type LineTotal, lineTotals } from './data/read/line-totals.js';
export { type PublishedRun, publishedRuns } from './data/read/published-runs.js';
export { type MonthSpend, spendByMonth } from './data/read/spend-by-month.js';
export { spendByType, type TypeSpend } from './data/read/spend-by-type.js';
export { type CalledNumberTotal, topCalledNumbers } from './data/read/top-called-numbers.js';
export {
  recordUnbilledUsage,
  type UnbilledUsage,
  type UnbilledUsageInput,
  unbilledUsage,
} from './data/read/unbilled-usage.js';
export * from './data/schema.js';
export { assertTenantScope, type TenantScope, withTenant } from './data/with-tenant.js';
export { type BillManagerError, type BillManagerErrorCode, billError } from './errors.js';
export { createImportProgressBar, type ImportProgressBar } from './import-progress-bar.js';
export * from './web/api-contract.js';
export { createPasswordHasher, type PasswordHasher } from './web/auth/password-hasher.js';
export {
  type BillManagerWebConfig,
  billManagerWebConfigSchema,
} from './web/bill-manager-web-config.js';
export {
  type BillManagerServerDeps,
  createBillManagerServer,
  type RegisteredRoute,
} from './web/create-bill-manager-server.js';
export { DEMO_PASSWORD, DEMO_USERS, type DemoUser, ensureDemoUsers } from './web/demo-users.js';
export { type BillManagerHandle, startBillManager } from './web/start-bill-manager.js';
export { WEB_TENANT_TABLES } from './web/web-migrations.js';
export type { WebDatabase } from './web/web-schema.js';
