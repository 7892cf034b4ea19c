import { type DeepReadonly, LineKeeperError, type Logger } from '@linekeeper/identity-core';
import { Registry } from 'prom-client';
import { type AccountingListener, createAccountingListener } from './accounting-listener.js';
import { createAdminApi } from './admin-api.js';
import { createMemorySessionStore } from './memory-session-store.js';
import { compileNasClients } from './nas-clients.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { createSessionMetrics } from './session-metrics.js';
import type { SessionStore } from './session-store.js';
import { isLoopbackHost, type SubscriberSessionsConfig } from './subscriber-sessions-config.js';
import { waitUntilReady } from './wait-until-ready.js';

export interface SubscriberSessionsDeps {
  readonly logger: Logger;
  readonly now?: () => number;
  /** Shared with other parts of the process (the gateway), so that `/metrics` shows them all. */
  readonly registry?: Registry;
  /** More `/healthz` checks for the admin API (see AdminApiOptions.healthChecks). */
  readonly healthChecks?: Readonly<Record<string, () => boolean | Promise<boolean>>>;
}

/** The running listener and admin API (`linekeeper radius`); the store is there for the gateway. */
export interface SubscriberSessionsHandle {
  readonly name: string;
  readonly listening: readonly string[];
  readonly store: SessionStore;
  readonly listener: AccountingListener;
  readonly admin: { readonly address: string; readonly port: number };
  close(): Promise<void>;
}

/** Starts the accounting listener and the admin API from a parsed, frozen config. */
export async function startSubscriberSessions(
  config: DeepReadonly<SubscriberSessionsConfig>,
  deps: SubscriberSessionsDeps,
): Promise<SubscriberSessionsHandle> {
  const { logger } = deps;
  if (!isLoopbackHost(config.admin.host) && config.admin.token === undefined) {
    throw new LineKeeperError('ERR_ADMIN_TOKEN_REQUIRED', 'admin.token is required off loopback', {
      where: 'admin.token',
    });
  }
  const now = deps.now ?? Date.now;
  const metrics = createSessionMetrics(deps.registry ?? new Registry());
  const clients = compileNasClients(config.clients);
  const store =
    config.store.kind === 'redis'
      ? createRedisSessionStore({
          url: config.store.url,
          keyPrefix: config.store.keyPrefix,
          commandTimeoutMs: config.store.commandTimeoutMs,
          now,
          metrics,
        })
      : createMemorySessionStore({ now, metrics });

  if (config.store.kind === 'redis' && !(await waitUntilReady(store, 5000))) {
    logger.warn('the Redis session store is not reachable yet: lookups answer unknown until it is');
  }

  const listener = await createAccountingListener({
    host: config.host,
    port: config.port,
    clients,
    store,
    metrics,
    now,
    defaultCountry: config.defaultCountry,
    expiry: config.expiry,
    retransmission: { windowMs: config.retransmissionWindowSeconds * 1000 },
    onDrop: (reason, source, error) =>
      logger.debug({ reason, source, err: error }, 'accounting request dropped'),
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });

  const admin = createAdminApi({
    store,
    metrics,
    token: config.admin.token,
    ...(deps.healthChecks ? { healthChecks: deps.healthChecks } : {}),
    onReveal: (address) => logger.info({ address }, 'session revealed through the admin API'),
  });
  try {
    await admin.listen({ host: config.admin.host, port: config.admin.port });
  } catch (error) {
    await listener.close();
    await store.close();
    throw error;
  }
  const adminAddress = admin.server.address();
  const adminPort = typeof adminAddress === 'object' && adminAddress ? adminAddress.port : config.admin.port;
  const hostText = (host: string) => (host.includes(':') ? `[${host}]` : host);

  return {
    name: 'radius',
    listening: [
      `udp://${hostText(listener.address.address)}:${listener.address.port} (RADIUS accounting)`,
      `http://${hostText(config.admin.host)}:${adminPort} (admin API)`,
    ],
    store,
    listener,
    admin: { address: config.admin.host, port: adminPort },
    async close() {
      await listener.close();
      await admin.close();
      await store.close();
    },
  };
}
