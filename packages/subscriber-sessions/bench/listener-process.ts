/**
 * The LineKeeper listener as its own process for the benchmark (so it does not share an event
 * loop with the load generator, just as radiusd does not). Prints `READY <port>` when bound.
 */
import { createAccountingListener } from '../src/accounting-listener.js';
import { createMemorySessionStore } from '../src/memory-session-store.js';
import { compileNasClients } from '../src/nas-clients.js';
import { createRedisSessionStore } from '../src/redis-session-store.js';
import { createSessionMetrics } from '../src/session-metrics.js';
import { waitUntilReady } from '../src/wait-until-ready.js';

const secret = process.env.BENCH_SECRET ?? 'bench-secret-0001';
const metrics = createSessionMetrics();
const store =
  process.env.BENCH_STORE === 'redis'
    ? createRedisSessionStore({
        url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        keyPrefix: process.env.BENCH_KEY_PREFIX ?? 'linekeeper-bench:',
        metrics,
      })
    : createMemorySessionStore({ metrics });
if (!(await waitUntilReady(store, 5000))) throw new Error('store not ready');
const listener = await createAccountingListener({
  host: '127.0.0.1',
  port: 0,
  clients: compileNasClients([{ name: 'bench', address: '127.0.0.1', secret }]),
  store,
  metrics,
  defaultCountry: 'GB',
  expiry: { interimMultiplier: 2.5, minGraceSeconds: 120, defaultInterimSeconds: 600 },
});
process.stdout.write(`READY ${listener.address.port}\n`);
process.on('SIGTERM', async () => {
  const dropped = (await metrics.dropped.get()).values.filter((value) => value.value > 0);
  process.stderr.write(`dropped: ${JSON.stringify(dropped.map((v) => [v.labels.reason, v.value]))}\n`);
  await listener.close();
  await store.close();
  process.exit(0);
});
