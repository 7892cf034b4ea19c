import type { Command } from 'commander';
import { addServiceCommand } from '../service-command.js';
import { addStartCommand } from '../start-command.js';
import { leakCheckService } from './leak-check.js';

/** Every subcommand, in the order `linekeeper --help` lists them. */
export function registerCommands(program: Command): void {
  addStartCommand(program);
  addServiceCommand(program, leakCheckService);
}
