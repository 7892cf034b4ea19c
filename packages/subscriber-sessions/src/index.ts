export { verifyResponseAuthenticator } from './accounting-authenticator.js';
export {
  type AccountingListener,
  type AccountingListenerOptions,
  createAccountingListener,
} from './accounting-listener.js';
export type { AccountingRecord, ExpiryPolicy } from './accounting-record.js';
export { type AccountingFields, encodeAccountingRequest, ipv6PrefixValue } from './accounting-request.js';
export { type AdminApiOptions, createAdminApi } from './admin-api.js';
export type { SubscriberSessionsErrorCode } from './errors.js';
export { IPV6_PREFIX_LENGTHS } from './ip-address.js';
export {
  createMemorySessionStore,
  type MemorySessionStore,
  type MemorySessionStoreOptions,
} from './memory-session-store.js';
export { compileNasClients, type NasClient, type NasClientConfig, type NasClients } from './nas-clients.js';
export { createRedisSessionStore, type RedisSessionStoreOptions } from './redis-session-store.js';
export {
  createSessionMetrics,
  DROP_REASONS,
  type DropReason,
  type SessionMetrics,
} from './session-metrics.js';
export type {
  LookupResult,
  RecordOutcome,
  Session,
  SessionStore,
  StopOutcome,
  StopRequest,
} from './session-store.js';
export {
  type SubscriberSessionsDeps,
  type SubscriberSessionsHandle,
  startSubscriberSessions,
} from './start-subscriber-sessions.js';
export {
  type SubscriberSessionsConfig,
  subscriberSessionsConfigSchema,
} from './subscriber-sessions-config.js';
export { waitUntilReady } from './wait-until-ready.js';
