import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Disclosure } from './disclosure.js';
import { GENESIS_HASH, sealBatch, sealBatchInSlices } from './seal-batch.js';

function disclosures(count: number): Disclosure[] {
  return Array.from({ length: count }, (_, i) => ({
    at: 1_790_000_000_000 + i * 7,
    msisdn: `+447700900${String(i % 1000).padStart(3, '0')}`,
    host: 'partner.demo',
    partnerId: 'demo-partner',
    purpose: i % 2 === 0 ? 'carrier-billing' : 'customer-identification',
    fields: i % 2 === 0 ? ['msisdn'] : ['pseudonym'],
    policyVersion: 'v1',
    instanceId: 'gw-1',
  }));
}

describe('sealBatchInSlices', () => {
  it('seals exactly as sealBatch does, whatever the slice size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 70 }), async (n, slice) => {
        const options = { instanceId: 'gw-1', instanceSeq: 3, prevHash: GENESIS_HASH, rows: disclosures(n) };
        const sliced = await sealBatchInSlices(options, slice);
        const whole = sealBatch(options);
        expect(sliced.batchHash).toBe(whole.batchHash);
        expect(sliced.rowsHash).toBe(whole.rowsHash);
        expect(sliced.rowLocators).toBe(whole.rowLocators);
      }),
      { numRuns: 60 },
    );
  });

  it('lets other work run between slices instead of stalling for the whole batch', async () => {
    let ranBetween = false;
    const seal = sealBatchInSlices(
      { instanceId: 'gw-1', instanceSeq: 1, prevHash: GENESIS_HASH, rows: disclosures(2_000) },
      10,
    );
    // A macrotask queued now runs before the seal is done only if the seal yields.
    setImmediate(() => {
      ranBetween = true;
    });
    const sealed = await seal;
    expect(ranBetween).toBe(true);
    expect(sealed.rowCount).toBe(2_000);
  });
});
