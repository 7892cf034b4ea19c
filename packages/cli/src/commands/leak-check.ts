import { leakCheckConfigSchema, startLeakCheck } from '@linekeeper/leak-check';
import type { ServiceDefinition } from '../service-command.js';

export const leakCheckService: ServiceDefinition<typeof leakCheckConfigSchema> = {
  name: 'leak-check',
  description: 'serve the leak-check page: which identity-bearing headers reach a website',
  defaultHost: '127.0.0.1',
  defaultPort: 8081,
  schema: leakCheckConfigSchema,
  start: (config, logger) => startLeakCheck(config, { logger }),
};
