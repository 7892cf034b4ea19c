import type { Command } from 'commander';
import { addServiceCommand } from '../service-command.js';
import { addStartCommand } from '../start-command.js';
import { addBillsCommand } from './bills.js';
import { leakCheckService } from './leak-check.js';
import { radiusService } from './radius.js';

/** Every subcommand, in the order `linekeeper --help` lists them. */
export function registerCommands(program: Command): void {
  addStartCommand(program);
  addServiceCommand(program, leakCheckService);
  addBillsCommand(program);
  addServiceCommand(program, radiusService);
}
