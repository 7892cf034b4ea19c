import type { Logger } from '@linekeeper/identity-core';
import { billManagerService } from './commands/bill-manager.js';
import { canaryDemoService } from './commands/canary-demo.js';
import { gatewayDemoService } from './commands/gateway-demo.js';
import { leakCheckService } from './commands/leak-check.js';
import type { ServiceHandle } from './service-command.js';

export interface DemoOptions {
  /** Added to every demo port, so a second demo (or a test) can run beside the first. */
  readonly portOffset: number;
}

/** One part of the demo world: started in this order by `npm start`. */
export interface DemoService {
  readonly name: string;
  start(logger: Logger, options: DemoOptions): Promise<ServiceHandle>;
}

/** The demo world on loopback, embedded defaults, demo data (README "The demo world"). */
export const DEMO_SERVICES: readonly DemoService[] = [
  {
    name: leakCheckService.name,
    start: (logger, { portOffset }) =>
      leakCheckService.start(leakCheckService.schema.parse({ port: 8081 + portOffset }), logger),
  },
  {
    name: billManagerService.name,
    // Demo sign-ins and the demo companies' bills; plain http is allowed on loopback only.
    start: (logger, { portOffset }) =>
      billManagerService.start(
        billManagerService.schema.parse({
          port: 8082 + portOffset,
          // A shifted demo (a test beside a running one) keeps its bills in memory.
          ...(portOffset === 0 ? {} : { pgliteDir: 'memory://' }),
          secureCookies: false,
          demo: true,
          loadDemoData: true,
        }),
        logger,
      ),
  },
  // The RADIUS listener and the gateway in one entry: they share one in-process session table.
  gatewayDemoService,
  // After the gateway: the leak canary, a test subscriber of its own, every 2 s.
  canaryDemoService,
];
