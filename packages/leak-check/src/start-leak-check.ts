import type { Logger } from '@linekeeper/identity-core';
import { createLeakCheckServer } from './create-leak-check-server.js';
import type { LeakCheckConfig } from './leak-check-config.js';
import type { LeakCheckMetrics } from './leak-check-metrics.js';

/** A running leak-check page, as `linekeeper leak-check` and `npm start` see it. */
export interface LeakCheckHandle {
  readonly name: string;
  /** e.g. `http://127.0.0.1:8081`. */
  readonly listening: readonly string[];
  close(): Promise<void>;
}

/** Builds the page from a parsed config and listens on `config.host`:`config.port`. */
export async function startLeakCheck(
  config: LeakCheckConfig,
  deps: { readonly logger: Logger; readonly metrics?: LeakCheckMetrics },
): Promise<LeakCheckHandle> {
  const app = createLeakCheckServer(config, deps);
  await app.listen({ host: config.host, port: config.port });
  const listening = app.addresses().map((info) => {
    if (typeof info === 'string') return info;
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    return `http://${host}:${info.port}`;
  });
  return {
    name: 'leak-check',
    listening,
    close: () => app.close(),
  };
}
