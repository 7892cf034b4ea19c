import { LineKeeperError, parseConfig, readConfigFile } from '@linekeeper/identity-core';
import { type LedgerDatabase, openLedgerDatabase, parseRetention } from '@linekeeper/ledger';
import { z } from 'zod';

/** The `ledger:` section of a LineKeeper config file. */
export const ledgerConfigSchema = z.strictObject({
  ledger: z
    .strictObject({
      /** PostgreSQL in production; without it, the embedded PGlite in `dataDir`. */
      databaseUrl: z.string().url().optional(),
      dataDir: z.string().min(1).default('.linekeeper/ledger'),
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/)
        .default('linekeeper_ledger'),
      retention: z
        .string()
        .refine((text) => {
          try {
            parseRetention(text);
            return true;
          } catch {
            return false;
          }
        }, 'use e.g. "13 months" or "2 years"')
        .default('13 months'),
    })
    .prefault({}),
});

export type LedgerConfig = z.output<typeof ledgerConfigSchema>['ledger'];

export interface LedgerCliOptions {
  config?: string;
  databaseUrl?: string;
  dataDir?: string;
}

/** The file (if any), then `--database-url` / `--data-dir` over it; validated once, frozen. */
export function loadLedgerConfig(options: LedgerCliOptions): LedgerConfig {
  const raw = readConfigFile(options.config);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new LineKeeperError('ERR_CONFIG_INVALID', `config file ${options.config} must hold a mapping`);
  }
  const input = raw as { ledger?: Record<string, unknown> };
  const ledger: Record<string, unknown> = { ...(input.ledger ?? {}) };
  if (options.databaseUrl !== undefined) ledger.databaseUrl = options.databaseUrl;
  if (options.dataDir !== undefined) ledger.dataDir = options.dataDir;
  return parseConfig(ledgerConfigSchema, { ...input, ledger }, options.config ?? 'command line')
    .ledger as LedgerConfig;
}

export function openConfiguredLedger(config: LedgerConfig): Promise<LedgerDatabase> {
  return openLedgerDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
}
