import { type AccountingListener, createAccountingListener } from '../accounting-listener.js';
import { createMemorySessionStore } from '../memory-session-store.js';
import { compileNasClients, type NasClientConfig } from '../nas-clients.js';
import { createSessionMetrics, type DropReason, type SessionMetrics } from '../session-metrics.js';
import type { SessionStore } from '../session-store.js';

export const TEST_SECRET = 'linekeeper-test-secret';
export const T0_SECONDS = 1_763_770_000;

export interface ListenerFixture {
  readonly listener: AccountingListener;
  readonly port: number;
  readonly store: SessionStore;
  readonly metrics: SessionMetrics;
  readonly clock: { now: number };
  close(): Promise<void>;
}

/** A listener on an ephemeral loopback port with an in-process store and a settable clock. */
export async function startListenerFixture(
  options: {
    clients?: NasClientConfig[];
    /** Where to bind; an IP literal or a name (default 127.0.0.1). */
    host?: string;
    store?: (now: () => number, metrics: SessionMetrics) => SessionStore;
  } = {},
): Promise<ListenerFixture> {
  const clock = { now: T0_SECONDS * 1000 };
  const now = () => clock.now;
  const metrics = createSessionMetrics();
  const store =
    options.store?.(now, metrics) ?? createMemorySessionStore({ now, metrics, sweepIntervalMs: 0 });
  const listener = await createAccountingListener({
    host: options.host ?? '127.0.0.1',
    port: 0,
    clients: compileNasClients(
      options.clients ?? [{ name: 'demo', cidr: '127.0.0.0/8', secret: TEST_SECRET }],
    ),
    store,
    metrics,
    now,
    defaultCountry: 'GB',
    expiry: { interimMultiplier: 2.5, minGraceSeconds: 120, defaultInterimSeconds: 600 },
  });
  return {
    listener,
    port: listener.address.port,
    store,
    metrics,
    clock,
    async close() {
      await listener.close();
      await store.close();
    },
  };
}

export async function dropCount(metrics: SessionMetrics, reason: DropReason): Promise<number> {
  const values = (await metrics.dropped.get()).values;
  return values.find((value) => value.labels.reason === reason)?.value ?? 0;
}
