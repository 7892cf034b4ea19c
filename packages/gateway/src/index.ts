export { type ActivePolicy, toActivePolicy } from './active-policy.js';
export { createGatewayServer, type GatewayServer, type GatewayServerDeps } from './create-gateway-server.js';
export {
  createPolicyReloader,
  type PolicyLoadEvent,
  type PolicyReloader,
  type PolicyReloaderOptions,
} from './create-policy-reloader.js';
export {
  createResolver,
  type Resolver,
  type ResolverOptions,
  type UpstreamAddress,
} from './create-resolver.js';
export {
  type DecideIdentityInput,
  type Destination,
  type DisclosurePlan,
  decideIdentity,
  type IdentityDecision,
  type NoIdentityReason,
} from './decide-identity.js';
export type { GatewayErrorCode } from './errors.js';
export { type GatewayConfig, gatewayConfigSchema } from './gateway-config.js';
export { createGatewayMetrics, type FailClosedReason, type GatewayMetrics } from './gateway-metrics.js';
export { createRequestHandler, type GatewaySessionStore, type RequestHandlerDeps } from './handle-request.js';
export { type ProxyHeaderResult, parseProxyHeader } from './proxy-protocol.js';
export { type GatewayHandle, type StartGatewayDeps, startGateway } from './start-gateway.js';
