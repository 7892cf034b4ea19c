import type { Logger } from '@linekeeper/identity-core';
import { leakCheckService } from './commands/leak-check.js';
import type { ServiceHandle } from './service-command.js';

/** One part of the demo world: started in this order by `npm start`. */
export interface DemoService {
  readonly name: string;
  start(logger: Logger): Promise<ServiceHandle>;
}

/** The demo world on loopback, embedded defaults, demo data (README "The demo world"). */
export const DEMO_SERVICES: readonly DemoService[] = [
  {
    name: leakCheckService.name,
    start: (logger) => leakCheckService.start(leakCheckService.schema.parse({}), logger),
  },
];
