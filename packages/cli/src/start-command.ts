import { createLogger } from '@linekeeper/identity-core';
import { type Command, InvalidArgumentError } from 'commander';
import { DEMO_SERVICES } from './demo-services.js';
import { closeOnSignal, type ServiceHandle } from './service-command.js';

/** `linekeeper start`: the whole demo world, as `npm start` runs it. */
export function addStartCommand(program: Command): void {
  program
    .command('start')
    .description('run every part on loopback with embedded defaults and demo data (npm start)')
    .option('--port-offset <n>', 'add N to every demo port (to run beside another demo)', parsePortOffset, 0)
    .action(async (options: { portOffset: number }) => {
      const logger = createLogger({ name: 'linekeeper' });
      const handles: ServiceHandle[] = [];
      try {
        for (const service of DEMO_SERVICES) {
          handles.push(await service.start(logger.child({ service: service.name }), options));
        }
      } catch (error) {
        for (const handle of handles.reverse()) await handle.close().catch(() => undefined);
        throw error;
      }
      const width = Math.max(...handles.map((h) => h.name.length));
      const lines = handles.flatMap((h) =>
        h.listening.map((address) => `  ${h.name.padEnd(width)}  ${address}`),
      );
      process.stdout.write(`\nLineKeeper demo is running:\n${lines.join('\n')}\n\nCtrl-C stops it.\n\n`);
      await closeOnSignal(handles, logger);
    });
}

function parsePortOffset(value: string): number {
  const offset = Number(value);
  if (!Number.isInteger(offset) || offset < 0 || offset > 50_000) {
    throw new InvalidArgumentError('must be an integer from 0 to 50000');
  }
  return offset;
}
