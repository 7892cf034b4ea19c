export type { LeakCheckResult } from './check-headers.js';
export { createLeakCheckServer, type LeakCheckDeps } from './create-leak-check-server.js';
export { type LeakCheckConfig, leakCheckConfigSchema } from './leak-check-config.js';
export { createLeakCheckMetrics, type LeakCheckMetrics } from './leak-check-metrics.js';
export { type LeakCheckHandle, startLeakCheck } from './start-leak-check.js';
