export { type CanaryMetrics, createCanaryMetrics } from './canary-metrics.js';
export { type CanarySession, type CanarySessionOptions, createCanarySession } from './canary-session.js';
export {
  type Canary,
  type CanaryEvent,
  type CanaryOptions,
  type CanaryRound,
  type CheckResult,
  createCanary,
  type PartnerCheck,
} from './create-canary.js';
export type { CanaryErrorCode } from './errors.js';
export { fetchThroughProxy, type ProxyFetchResult } from './fetch-through-proxy.js';
export { judgeCanaryHost, judgePartner, type Verdict } from './judge-responses.js';
