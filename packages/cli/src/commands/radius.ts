import { type Logger, parseConfig } from '@linekeeper/identity-core';
import { startSubscriberSessions, subscriberSessionsConfigSchema } from '@linekeeper/subscriber-sessions';
import type { DemoService } from '../demo-services.js';
import type { ServiceDefinition } from '../service-command.js';

/** `linekeeper radius`: RADIUS accounting listener (UDP) plus its admin API (`admin: {host, port}`). */
export const radiusService: ServiceDefinition<typeof subscriberSessionsConfigSchema> = {
  name: 'radius',
  description: 'learn who holds which address from RADIUS accounting (UDP), with an admin API',
  defaultHost: '127.0.0.1',
  defaultPort: 1813,
  schema: subscriberSessionsConfigSchema,
  start: (config, logger) => startSubscriberSessions(config, { logger }),
};

/** The demo NAS of DEVELOPERS.md: loopback packet gateways, a published (so worthless) secret. */
export function radiusDemoConfig(portOffset: number) {
  return parseConfig(
    radiusService.schema,
    {
      port: 1813 + portOffset,
      clients: [{ name: 'demo-nas', cidr: '127.0.0.0/8', secret: 'linekeeper-demo' }],
      admin: { host: '127.0.0.1', port: 9090 + portOffset },
    },
    'demo world',
  );
}

export function warnDemoSecret(logger: Logger): void {
  logger.warn(
    'WARNING: the RADIUS listener accepts the demo NAS secret published in DEVELOPERS.md; ' +
      'change it (clients[].secret) before any real NAS talks to it',
  );
}

/** The RADIUS listener alone (`npm start` runs it inside the gateway demo, sharing its store). */
export const radiusDemoService: DemoService = {
  name: radiusService.name,
  start: (logger, { portOffset }) => {
    warnDemoSecret(logger);
    return startSubscriberSessions(radiusDemoConfig(portOffset), { logger });
  },
};
