import {
  createLogger,
  LineKeeperError,
  type Logger,
  parseConfig,
  readConfigFile,
} from '@linekeeper/identity-core';
import { type Command, InvalidArgumentError } from 'commander';
import type { z } from 'zod';

/** A running service: what `npm start` prints, and how it stops. */
export interface ServiceHandle {
  readonly name: string;
  /** Human-readable addresses, e.g. `http://127.0.0.1:8081`. */
  readonly listening: readonly string[];
  close(): Promise<void>;
}

export interface ServiceOptions {
  host?: string;
  port?: number;
  config?: string;
}

export interface ServiceDefinition<S extends z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly defaultHost: string;
  readonly defaultPort: number;
  readonly schema: S;
  start(config: z.output<S>, logger: Logger): Promise<ServiceHandle>;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be an integer from 0 to 65535');
  }
  return port;
}

/**
 * Loads a service's config: the file (if any), then `--host`/`--port` over it, validated once
 * against the service's schema and frozen.
 */
export function loadServiceConfig<S extends z.ZodType>(schema: S, options: ServiceOptions): z.output<S> {
  const raw = readConfigFile(options.config);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new LineKeeperError('ERR_CONFIG_INVALID', `config file ${options.config} must hold a mapping`);
  }
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (options.host !== undefined) merged.host = options.host;
  if (options.port !== undefined) merged.port = options.port;
  return parseConfig(schema, merged, options.config ?? 'command line') as z.output<S>;
}

/** Adds `linekeeper NAME [--host] [--port] [--config FILE]`, which runs until a signal. */
export function addServiceCommand<S extends z.ZodType>(
  program: Command,
  service: ServiceDefinition<S>,
): void {
  program
    .command(service.name)
    .description(service.description)
    .option('--host <address>', `address to listen on (default ${service.defaultHost})`)
    .option('--port <number>', `port to listen on (default ${service.defaultPort})`, parsePort)
    .option('--config <file>', 'YAML or JSON config file')
    .action(async (options: ServiceOptions) => {
      const config = loadServiceConfig(service.schema, options);
      const logger = createLogger({ name: service.name });
      const handle = await service.start(config, logger);
      for (const address of handle.listening) logger.info({ address }, `${handle.name} listening`);
      await closeOnSignal([handle], logger);
    });
}

/** Resolves once SIGINT or SIGTERM arrives and every handle has closed. */
export function closeOnSignal(handles: readonly ServiceHandle[], logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = async (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      logger.info({ signal }, 'stopping');
      // Close in reverse start order, so nothing is left talking to a part that is gone.
      for (const handle of [...handles].reverse()) {
        await handle
          .close()
          .catch((error: unknown) => logger.error({ err: error, service: handle.name }, 'close failed'));
      }
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
