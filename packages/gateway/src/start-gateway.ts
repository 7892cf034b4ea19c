import { createPseudonymizer, type DeepReadonly, decodeKey, type Logger } from '@linekeeper/identity-core';
import type { DisclosureLedger } from '@linekeeper/ledger';
import type { Registry } from 'prom-client';
import { createGatewayServer } from './create-gateway-server.js';
import { createPolicyReloader, type PolicyReloader } from './create-policy-reloader.js';
import type { GatewayConfig } from './gateway-config.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import type { GatewaySessionStore } from './handle-request.js';

export interface StartGatewayDeps {
  readonly logger: Logger;
  /** The session table the RADIUS listener fills (in process) or shares (Redis). */
  readonly sessions: GatewaySessionStore;
  readonly ledger: DisclosureLedger;
  /** The admin API's registry, so that `/metrics` on the admin port shows the gateway too. */
  readonly registry: Registry;
  readonly now?: () => number;
}

export interface GatewayHandle {
  readonly name: string;
  readonly listening: readonly string[];
  readonly port: number;
  readonly reloader: PolicyReloader;
  /** For `/healthz`: a policy is running and the ledger accepts disclosures. */
  ready(): boolean;
  close(): Promise<void>;
}

/**
 * The gateway as an app: loads the policy (a refused file leaves the gateway running without
 * identity, and says why; a load the ledger could not record is retried until it is), reloads it
 * on SIGHUP and on change, logs what the libraries report, and listens.
 */
export async function startGateway(
  config: DeepReadonly<GatewayConfig>,
  deps: StartGatewayDeps,
): Promise<GatewayHandle> {
  const { logger, ledger } = deps;
  const metrics = createGatewayMetrics(deps.registry);
  const reloader = createPolicyReloader({
    file: config.policyFile,
    ledger,
    metrics,
    ...(deps.now ? { now: deps.now } : {}),
    onLoad: (event) => {
      if (event.reason === 'unchanged') return;
      const fields = { policyId: event.policyId, version: event.version, reason: event.reason };
      if (event.accepted) logger.info(fields, `policy loaded: ${event.message}`);
      else logger.error(fields, `policy refused: ${event.message}`);
    },
  });
  const first = await reloader.load();
  if (!first.accepted) {
    logger.warn(
      first.reason === 'ledger-unavailable'
        ? 'the gateway runs without a policy until the ledger can record its load (retrying): no identity is added to any request'
        : 'the gateway runs without a policy: no identity is added to any request',
    );
  }
  if (config.watchPolicy) reloader.watch();
  const onHangup = () => void reloader.load();
  process.on('SIGHUP', onHangup);
  const onStoreError = ({ error }: { error: unknown }) =>
    logger.error({ err: error }, 'ledger store failed: disclosures stop until it recovers');
  ledger.on('store-error', onStoreError);

  const server = createGatewayServer(config, {
    policy: reloader.current,
    sessions: deps.sessions,
    ledger,
    pseudonymizer: createPseudonymizer({
      key: decodeKey(config.pseudonym.key),
      epoch: config.pseudonym.epoch,
    }),
    metrics,
    ...(deps.now ? { now: deps.now } : {}),
  });
  let address: { port: number };
  try {
    address = await server.listen();
  } catch (error) {
    reloader.close();
    process.off('SIGHUP', onHangup);
    throw error;
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    name: 'gateway',
    listening: [`http://${host}:${address.port} (identity gateway proxy)`],
    port: address.port,
    reloader,
    ready: () => reloader.current() !== undefined && ledger.stats().healthy,
    async close() {
      process.off('SIGHUP', onHangup);
      ledger.off('store-error', onStoreError);
      reloader.close();
      await server.close();
    },
  };
}
