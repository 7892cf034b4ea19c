import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Canary, type CanaryRound, createCanary, createCanarySession } from '@linekeeper/canary';
import {
  createLogger,
  type DeepReadonly,
  LineKeeperError,
  type Logger,
  parseConfig,
  readConfigFile,
} from '@linekeeper/identity-core';
import type { Command } from 'commander';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { closeOnSignal, type ServiceHandle } from '../service-command.js';

/** Ofcom drama number reserved for the canary subscriber: it never belongs to a real person. */
export const CANARY_MSISDN = '447700900999';

/** `linekeeper canary --config FILE`: one zod schema, strict, safe defaults (the demo's addresses). */
export const canaryConfigSchema = z.strictObject({
  proxyUrl: z.url().default('http://127.0.0.1:8080'),
  /** A host no policy may ever list; the leak-check page's JSON API. */
  canaryUrl: z.url().default('http://leak-check.demo/api/check'),
  /** The canary subscriber's address: inside a subscriber pool, bound locally by the canary. */
  clientAddress: z.ipv4().default('127.0.0.9'),
  /** Calling-Station-Id of the canary's session: a reserved test number, never a person's. */
  msisdn: z
    .string()
    .regex(/^\+?\d{6,15}$/)
    .default(CANARY_MSISDN),
  intervalMs: z.number().int().min(100).max(3_600_000).default(10_000),
  requestTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
  partners: z
    .array(
      z.strictObject({
        partnerId: z.string().min(1),
        url: z.url(),
        expectHeaders: z.array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)).min(1),
      }),
    )
    .default([]),
  radius: z.strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(1813),
    secret: z.string().min(1),
    nasIdentifier: z.string().min(1).default('linekeeper-canary'),
    interimMs: z.number().int().min(1000).default(60_000),
  }),
  webhook: z
    .strictObject({ url: z.url(), timeoutMs: z.number().int().min(100).max(30_000).default(2000) })
    .optional(),
  /** `/metrics` for Prometheus; omit to serve none. */
  metrics: z
    .strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) })
    .optional(),
});
export type CanaryConfig = z.output<typeof canaryConfigSchema>;

export interface CanaryServiceHandle extends ServiceHandle {
  readonly canary: Canary;
  readonly registry: Registry;
}

/**
 * Starts the canary subscriber's accounting session (RADIUS Start, then Interim-Updates) and the
 * canary itself, and logs every alarm and recovery. `start: false` leaves the rounds to the
 * caller (`--once`).
 */
export async function startCanaryService(
  config: DeepReadonly<CanaryConfig>,
  logger: Logger,
  options: { start?: boolean } = {},
): Promise<CanaryServiceHandle> {
  const registry = new Registry();
  const session = createCanarySession({
    host: config.radius.host,
    port: config.radius.port,
    secret: config.radius.secret,
    nasIdentifier: config.radius.nasIdentifier,
    interimMs: config.radius.interimMs,
    msisdn: config.msisdn,
    address: config.clientAddress,
    onError: (error) => logger.error({ err: error }, 'canary accounting update failed'),
  });
  await session.start();
  const canary = createCanary({
    proxyUrl: config.proxyUrl,
    canaryUrl: config.canaryUrl,
    partnerChecks: config.partners,
    intervalMs: config.intervalMs,
    requestTimeoutMs: config.requestTimeoutMs,
    clientAddress: config.clientAddress,
    registry,
    ...(config.webhook ? { webhook: config.webhook } : {}),
  });
  canary.on('alarm', (event) =>
    logger.error({ check: event.check, url: event.url }, `CANARY ALARM ${event.check}: ${event.reason}`),
  );
  canary.on('clear', (event) =>
    logger.info({ check: event.check }, `canary clear ${event.check}: ${event.reason}`),
  );
  canary.on('webhook-error', (error) => logger.warn({ err: error }, 'canary webhook failed'));
  let metricsServer: Server | undefined;
  const listening = [
    `canary subscriber ${config.clientAddress} via ${config.proxyUrl}, every ${config.intervalMs} ms`,
  ];
  if (config.metrics) {
    metricsServer = await serveMetrics(registry, config.metrics.host, config.metrics.port);
    const port = (metricsServer.address() as AddressInfo).port;
    listening.push(`http://${config.metrics.host}:${port}/metrics (canary metrics)`);
  }
  if (options.start !== false) canary.start();
  return {
    name: 'canary',
    listening,
    canary,
    registry,
    async close() {
      await canary.stop();
      await session.stop();
      if (metricsServer) {
        metricsServer.closeAllConnections();
        await new Promise((resolve) => metricsServer?.close(resolve));
      }
    },
  };
}

/** One line per check, for `--once`. */
export function formatRound(round: CanaryRound): string {
  return round.checks
    .map(
      (check) =>
        `${check.alarm ? 'ALARM' : 'ok   '} ${check.check}: ${check.reason} (${Math.round(check.latencyMs)} ms)`,
    )
    .join('\n');
}

/** Adds `linekeeper canary [--config FILE] [--once] [--interval-ms N]`. */
export function addCanaryCommand(program: Command): void {
  program
    .command('canary')
    .description(
      'run the leak canary: a test subscriber that alarms when identity reaches a host no policy lists, ' +
        'or a partner stops receiving what the policy says (--once: exit 1 on alarm)',
    )
    .option('--config <file>', 'YAML or JSON config file (radius.secret is required)')
    .option('--once', 'run one round, print it, exit 0 green or 1 alarm')
    .option('--interval-ms <n>', 'time between rounds', (value) => Number(value))
    .action(async (options: { config?: string; once?: boolean; intervalMs?: number }) => {
      const config = loadCanaryConfig(options);
      const logger = createLogger({ name: 'canary' });
      const handle = await startCanaryService(config, logger, { start: !options.once });
      if (options.once) {
        try {
          const round = await handle.canary.runRound();
          process.stdout.write(`${formatRound(round)}\n`);
          process.exitCode = round.alarm ? 1 : 0;
        } finally {
          await handle.close();
        }
        return;
      }
      for (const address of handle.listening) logger.info({ address }, 'canary running');
      await closeOnSignal([handle], logger);
    });
}

/** The file (if any), then `--interval-ms` over it; validated once, frozen. */
export function loadCanaryConfig(options: { config?: string; intervalMs?: number }): CanaryConfig {
  const raw = options.config === undefined ? {} : readConfigFile(options.config);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new LineKeeperError('ERR_CONFIG_INVALID', `config file ${options.config} must hold a mapping`);
  }
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (options.intervalMs !== undefined) merged.intervalMs = options.intervalMs;
  return parseConfig(canaryConfigSchema, merged, options.config ?? 'command line') as CanaryConfig;
}

function serveMetrics(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
