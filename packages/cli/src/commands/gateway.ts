import { gatewayConfigSchema, startGateway } from '@linekeeper/gateway';
import type { DeepReadonly, Logger } from '@linekeeper/identity-core';
import { createDisclosureLedger, createKyselyLedgerStore, migrateLedger } from '@linekeeper/ledger';
import { startSubscriberSessions, subscriberSessionsConfigSchema } from '@linekeeper/subscriber-sessions';
import { Registry } from 'prom-client';
import type { z } from 'zod';
import type { ServiceDefinition, ServiceHandle } from '../service-command.js';
import { ledgerConfigSchema, openConfiguredLedger } from './ledger-config.js';

/**
 * `linekeeper gateway --config FILE`: the proxy (`host`, `port`, …), the RADIUS accounting
 * listener whose session table it reads (`radius:`, with the admin API that also serves the
 * gateway's `/metrics` and `/healthz`), and the disclosure ledger (`ledger:`).
 */
export const gatewayCommandSchema = gatewayConfigSchema.extend({
  radius: subscriberSessionsConfigSchema,
  ledger: ledgerConfigSchema.shape.ledger,
});
export type GatewayCommandConfig = z.output<typeof gatewayCommandSchema>;

/** Starts the ledger, the RADIUS listener with its admin API, and the gateway, sharing one store. */
export async function startGatewayWorld(
  config: DeepReadonly<GatewayCommandConfig>,
  logger: Logger,
): Promise<
  ServiceHandle & { readonly proxyPort: number; readonly radiusPort: number; readonly adminPort: number }
> {
  const database = await openConfiguredLedger(config.ledger);
  const cleanup: (() => Promise<unknown>)[] = [() => database.close()];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    await migrateLedger(database.db, config.ledger.schema);
    const ledger = createDisclosureLedger({
      store: createKyselyLedgerStore({ db: database.db, schema: config.ledger.schema }),
      instanceId: config.instanceId,
    });
    cleanup.push(() => ledger.close());
    const registry = new Registry();
    let ready = () => false;
    const sessions = await startSubscriberSessions(config.radius, {
      logger: logger.child({ part: 'radius' }),
      registry,
      healthChecks: { gateway: () => ready() },
    });
    cleanup.push(() => sessions.close());
    const gateway = await startGateway(config, { logger, sessions: sessions.store, ledger, registry });
    ready = gateway.ready;
    return {
      name: 'gateway',
      listening: [...gateway.listening, ...sessions.listening],
      proxyPort: gateway.port,
      radiusPort: sessions.listener.address.port,
      adminPort: sessions.admin.port,
      async close() {
        await gateway.close();
        await undo();
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

export const gatewayService: ServiceDefinition<typeof gatewayCommandSchema> = {
  name: 'gateway',
  description: 'the identity gateway: an HTTP proxy that adds identity for listed partners only',
  defaultHost: '127.0.0.1',
  defaultPort: 8080,
  schema: gatewayCommandSchema,
  start: (config, logger) => startGatewayWorld(config, logger),
};
