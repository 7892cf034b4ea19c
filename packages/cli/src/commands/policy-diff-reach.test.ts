import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDisclosureLedger,
  createKyselyLedgerStore,
  migrateLedger,
  openLedgerDatabase,
} from '@linekeeper/ledger';
import { describe, expect, it } from 'vitest';
import { runPolicyDiff } from './policy.js';

const demoPolicy = new URL('../../../policy/demo/policy.yaml', import.meta.url).pathname;
const SUBSCRIBERS = ['+447700900101', '+447700900102', '+447700900103'];

describe('policy diff --data-dir: reach from the ledger', () => {
  it('counts distinct subscribers a day for the hosts that gain disclosure', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linekeeper-reach-'));
    try {
      const dataDir = join(dir, 'ledger');
      const database = await openLedgerDatabase({ dataDir });
      await migrateLedger(database.db, 'linekeeper_ledger');
      const ledger = createDisclosureLedger({
        store: createKyselyLedgerStore({ db: database.db, schema: 'linekeeper_ledger' }),
        instanceId: 'reach-test',
        flushIntervalMs: 20,
      });
      const now = Date.now();
      // Three people reached partner.demo today (one of them twice); one reached another host.
      for (const [i, msisdn] of [...SUBSCRIBERS, SUBSCRIBERS[0] as string, '+447700900104'].entries()) {
        const accepted = ledger.record({
          at: now - 60_000 + i,
          msisdn,
          host: i === 4 ? 'other.demo' : 'partner.demo',
          scheme: 'http',
          port: 80,
          path: '/',
          partnerId: 'demo-partner',
          purpose: 'carrier-billing',
          fields: ['msisdn'],
          policyVersion: 'sha256:test',
          instanceId: 'reach-test',
        });
        expect(accepted).toBe(true);
      }
      await ledger.close();
      await database.close();

      const out: string[] = [];
      const io = { stdout: (text: string) => out.push(text), stderr: () => undefined };
      const code = await runPolicyDiff('none', demoPolicy, { json: true, days: 1, dataDir }, io);
      expect(code).toBe(0);
      const report = JSON.parse(out.join('')) as {
        reach: { source: string; days: number };
        destinations: { host: string; subscribersPerDay: number | null }[];
      };
      expect(report.reach).toEqual({ source: 'ledger', days: 1 });
      const hosts = report.destinations.map((item) => [item.host, item.subscribersPerDay]);
      expect(hosts).toContainEqual(['partner.demo', 3]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
