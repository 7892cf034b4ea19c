import { billManagerWebConfigSchema, startBillManager } from '@linekeeper/bill-manager';
import type { ServiceDefinition } from '../service-command.js';

export const billManagerService: ServiceDefinition<typeof billManagerWebConfigSchema> = {
  name: 'bill-manager',
  description: 'serve the Bill Manager web app: business customers\u2019 bills, lines, usage and exports',
  defaultHost: '127.0.0.1',
  defaultPort: 8082,
  schema: billManagerWebConfigSchema,
  start: (config, logger) => startBillManager(config, { logger }),
};
