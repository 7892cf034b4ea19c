import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDisclosureLedger } from '@linekeeper/ledger';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPolicyReloader, type PolicyReloader } from './create-policy-reloader.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { memoryLedgerStore } from './testing/gateway-fixture.js';

const DEMO = new URL('../../policy/demo/policy.yaml', import.meta.url);
let dir: string;
let file: string;
let reloader: PolicyReloader | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lk-gateway-policy-'));
  file = join(dir, 'policy.yaml');
  await writeFile(file, await readFile(DEMO));
});
afterEach(async () => {
  reloader?.close();
  await rm(dir, { recursive: true, force: true });
});

function setup() {
  const store = memoryLedgerStore();
  const ledger = createDisclosureLedger({ store, instanceId: 'gateway-1' });
  reloader = createPolicyReloader({
    file,
    ledger,
    metrics: createGatewayMetrics(new Registry()),
    debounceMs: 50,
    retryMs: 50,
  });
  return { store, reloader };
}

describe('policy reload', () => {
  it('loads the approved demo policy and records the load', async () => {
    const { store, reloader } = setup();
    const event = await reloader.load();
    expect(event).toMatchObject({ accepted: true, reason: 'approved', policyId: 'demo-1' });
    expect(
      reloader.current()?.compiled.match({ scheme: 'http', host: 'partner.demo', path: '/' }),
    ).toHaveLength(2);
    expect(store.loads).toEqual([
      expect.objectContaining({ accepted: true, reason: 'approved', approver: 'demo-change-manager' }),
    ]);
  });

  it('keeps the running policy when the new file is invalid or widens without approval', async () => {
    const { store, reloader } = setup();
    await reloader.load();
    const running = reloader.current();
    await writeFile(file, 'version: 1\nid: [broken\n');
    expect(await reloader.load()).toMatchObject({ accepted: false, reason: 'invalid' });
    expect(reloader.current()).toBe(running);

    const demo = await readFile(DEMO, 'utf8');
    // As in 2012: a "maintenance" change that sends the number to a new host.
    await writeFile(
      file,
      demo.replace(
        '        host: partner.demo\n',
        '        host: partner.demo\n      - scheme: http\n        host: leak-check.demo\n',
      ),
    );
    const widened = await reloader.load();
    expect(widened).toMatchObject({ accepted: false, reason: 'approval-hash-mismatch' });
    expect(reloader.current()).toBe(running);
    expect(store.loads.map((load) => [load.accepted, load.reason])).toEqual([
      [true, 'approved'],
      [false, 'invalid'],
      [false, 'approval-hash-mismatch'],
    ]);
  });

  it('accepts a narrowing change without approval, and reloads when the file changes', async () => {
    const { reloader } = setup();
    await reloader.load();
    reloader.watch();
    const demo = await readFile(DEMO, 'utf8');
    const narrowed = demo.replace(/ {6}carrier-billing:\n(?: {8}.*\n| {10}.*\n)+/, '');
    expect(narrowed).not.toContain('carrier-billing');
    await writeFile(file, narrowed);
    const deadline = Date.now() + 3000;
    while (
      reloader.current()?.compiled.match({ scheme: 'http', host: 'partner.demo', path: '/' }).length !== 1
    ) {
      if (Date.now() > deadline) throw new Error('the change was not picked up');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(reloader.current()?.headerNames.has('x-msisdn')).toBe(false);
  });

  it('does not go live when the ledger cannot record the load', async () => {
    const { store, reloader } = setup();
    store.fail = true;
    expect(await reloader.load()).toMatchObject({ accepted: false, reason: 'ledger-unavailable' });
    expect(reloader.current()).toBeUndefined();
  });

  it('keeps retrying a load the ledger could not record, and goes live once it can', async () => {
    const { store, reloader } = setup();
    store.fail = true;
    expect(await reloader.load()).toMatchObject({ accepted: false, reason: 'ledger-unavailable' });
    expect(reloader.current()).toBeUndefined();
    store.fail = false;
    const deadline = Date.now() + 5000;
    while (reloader.current() === undefined) {
      if (Date.now() > deadline) throw new Error('the policy never went live');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(reloader.current()?.policy.id).toBe('demo-1');
    expect(store.loads).toEqual([expect.objectContaining({ accepted: true, reason: 'approved' })]);
  });
});
