import type { Command } from 'commander';
import { addServiceCommand } from '../service-command.js';
import { addStartCommand } from '../start-command.js';
import { billManagerService } from './bill-manager.js';
import { addBillsCommand } from './bills.js';
import { addCanaryCommand } from './canary.js';
import { gatewayService } from './gateway.js';
import { leakCheckService } from './leak-check.js';
import { addLedgerCommands } from './ledger.js';
import { addPolicyCommand } from './policy.js';
import { radiusService } from './radius.js';
import { addScanCommand } from './scan.js';

/** Every subcommand, in the order `linekeeper --help` lists them. */
export function registerCommands(program: Command): void {
  addStartCommand(program);
  addServiceCommand(program, leakCheckService);
  addScanCommand(program);
  addBillsCommand(program);
  addServiceCommand(program, billManagerService);
  addServiceCommand(program, radiusService);
  addServiceCommand(program, gatewayService);
  addPolicyCommand(program);
  addLedgerCommands(program);
  addCanaryCommand(program);
}
