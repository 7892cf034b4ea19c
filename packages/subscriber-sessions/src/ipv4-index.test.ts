import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIpv4Index } from './ipv4-index.js';

describe('createIpv4Index', () => {
  it('behaves like a Map under any sequence of sets and deletes', () => {
    const operation = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 }), fc.nat(1000));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        const index = createIpv4Index(4);
        const model = new Map<number, number>();
        // Keys spread over the whole uint32 range, with clustering to force long probe runs.
        const key = (n: number) => (n % 2 === 0 ? n : (n * 0x01000193) >>> 0);
        for (const [isSet, n, slot] of operations) {
          if (isSet) {
            index.set(key(n), slot);
            model.set(key(n), slot);
          } else {
            expect(index.delete(key(n))).toBe(model.delete(key(n)));
          }
        }
        expect(index.size).toBe(model.size);
        for (let n = 0; n <= 300; n++) expect(index.get(key(n))).toBe(model.get(key(n)) ?? -1);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('holds the extremes of the address space', () => {
    const index = createIpv4Index();
    index.set(0, 0);
    index.set(0xffffffff, 1);
    expect(index.get(0)).toBe(0);
    expect(index.get(0xffffffff)).toBe(1);
    expect(index.get(1)).toBe(-1);
  });
});
