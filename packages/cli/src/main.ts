import { isLineKeeperError } from '@linekeeper/identity-core';
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command('linekeeper')
  .description('LineKeeper: subscriber-data services for mobile operators')
  .version('0.1.0')
  .showHelpAfterError();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isLineKeeperError(error)) {
    process.stderr.write(`linekeeper: ${error.code}: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
