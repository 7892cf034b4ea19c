import { parseConfig } from '@linekeeper/identity-core';
import type { DemoService } from '../demo-services.js';
import { canaryConfigSchema, startCanaryService } from './canary.js';

/**
 * `npm start`: the canary as subscriber 127.0.0.9 (07700 900999, a reserved drama number) in the
 * demo pool, through the demo gateway: `leak-check.demo` must never see identity, and
 * `partner.demo` must keep receiving X-MSISDN and X-LineKeeper-Pseudonym as the demo policy says.
 * Metrics on 127.0.0.1:9091.
 */
export const canaryDemoService: DemoService = {
  name: 'canary',
  start: (logger, { portOffset }) =>
    startCanaryService(
      parseConfig(
        canaryConfigSchema,
        {
          proxyUrl: `http://127.0.0.1:${8080 + portOffset}`,
          canaryUrl: 'http://leak-check.demo/api/check',
          intervalMs: 2000,
          partners: [
            {
              partnerId: 'demo-partner',
              url: 'http://partner.demo/canary',
              expectHeaders: ['X-MSISDN', 'X-LineKeeper-Pseudonym'],
            },
          ],
          radius: { port: 1813 + portOffset, secret: 'linekeeper-demo' },
          metrics: { port: 9091 + portOffset },
        },
        'demo world',
      ),
      logger,
    ),
};
