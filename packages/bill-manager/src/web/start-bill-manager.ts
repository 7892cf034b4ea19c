import { resolve } from 'node:path';
import type { Logger } from '@linekeeper/identity-core';
import { type BillDatabase, createBillDatabase } from '../data/create-bill-database.js';
import { loadDemoData } from '../data/demo/load-demo-data.js';
import { sealLegacyTotpSecrets } from './auth/seal-legacy-totp-secrets.js';
import type { BillManagerWebConfig } from './bill-manager-web-config.js';
import { createBillManagerServer } from './create-bill-manager-server.js';
import { ensureDemoUsers } from './demo-users.js';

/** A running Bill Manager, as `linekeeper bill-manager` and `npm start` see it. */
export interface BillManagerHandle {
  readonly name: string;
  readonly listening: readonly string[];
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL, or PGlite in `pgliteDir`), migrates, loads the demo companies
 * and their sign-ins when asked, and listens on `config.host`:`config.port`.
 */
export async function startBillManager(
  config: Readonly<BillManagerWebConfig>,
  deps: { readonly logger: Logger; readonly database?: BillDatabase },
): Promise<BillManagerHandle> {
  const database =
    deps.database ??
    (await createBillDatabase(
      config.databaseUrl
        ? { databaseUrl: config.databaseUrl }
        : config.pgliteDir === 'memory://'
          ? {}
          : { pgliteDir: resolve(config.pgliteDir) },
    ));
  try {
    if (config.loadDemoData) {
      const loaded = await loadDemoData(database);
      deps.logger.info(loaded, 'demo bill runs');
    }
    const app = await createBillManagerServer(config, { database, logger: deps.logger });
    const services = app.billManagerServices;
    // The TOTP key now (a missing or exposed key file fails the start, not a sign-in later).
    await services.totpSealer.ready();
    const sealed = await sealLegacyTotpSecrets(services.db, services.totpSealer);
    if (sealed > 0) deps.logger.info({ sealed }, 'TOTP secrets encrypted at rest');
    if (config.demo) {
      const added = await ensureDemoUsers(services.db, services.hasher);
      deps.logger.info({ added }, 'demo sign-ins ready');
    }
    await app.listen({ host: config.host, port: config.port });
    const listening = app.addresses().map((info) => {
      if (typeof info === 'string') return info;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      return `http://${host}:${info.port}`;
    });
    return {
      name: 'bill-manager',
      listening,
      async close() {
        await app.close();
        if (!deps.database) await database.close();
      },
    };
  } catch (error) {
    if (!deps.database) await database.close();
    throw error;
  }
}
