import { describe, expect, it } from 'vitest';
import { LineKeeperError } from './errors.js';
import { createPseudonymizer, decodeKey } from './pseudonym.js';

const key = Buffer.from('a'.repeat(64), 'hex');

describe('createPseudonymizer', () => {
  it('is stable for one partner, subscriber and epoch', () => {
    const a = createPseudonymizer({ key, epoch: 3 });
    const b = createPseudonymizer({ key: Buffer.from(key), epoch: 3 });
    expect(a.pseudonym('shop', '+447700900123')).toBe(b.pseudonym('shop', '+447700900123'));
    expect(a.pseudonym('shop', '+447700900123')).toMatch(/^lkp1\.3\.[A-Za-z0-9_-]{22}$/);
  });

  it('gives two partners unrelated tokens for the same subscriber', () => {
    const p = createPseudonymizer({ key, epoch: 1 });
    expect(p.pseudonym('shop', '+447700900123')).not.toBe(p.pseudonym('bank', '+447700900123'));
  });

  it('gives different subscribers different tokens', () => {
    const p = createPseudonymizer({ key, epoch: 1 });
    const tokens = new Set<string>();
    for (let i = 0; i < 1000; i++) tokens.add(p.pseudonym('shop', `+447700900${String(i).padStart(3, '0')}`));
    expect(tokens.size).toBe(1000);
  });

  it('rotates with the epoch and the key', () => {
    const p = createPseudonymizer({ key, epoch: 1 });
    expect(p.pseudonym('shop', '+447700900123', 2)).not.toBe(p.pseudonym('shop', '+447700900123', 1));
    const other = createPseudonymizer({ key: Buffer.from('b'.repeat(64), 'hex'), epoch: 1 });
    expect(other.pseudonym('shop', '+447700900123')).not.toBe(p.pseudonym('shop', '+447700900123'));
  });

  it('never contains the number', () => {
    const p = createPseudonymizer({ key, epoch: 1 });
    expect(p.pseudonym('shop', '+447700900123')).not.toContain('7700900123');
  });

  it('refuses short keys, non-E.164 input and empty partners with stable codes', () => {
    expect(() => createPseudonymizer({ key: Buffer.alloc(16), epoch: 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_PSEUDONYM_KEY_INVALID' }),
    );
    const p = createPseudonymizer({ key, epoch: 1 });
    expect(() => p.pseudonym('shop', '07700900123')).toThrow(LineKeeperError);
    expect(() => p.pseudonym('', '+447700900123')).toThrow(
      expect.objectContaining({ code: 'ERR_PSEUDONYM_INPUT_INVALID' }),
    );
  });

  it('decodes hex and base64 keys', () => {
    expect(decodeKey('ab'.repeat(32))).toHaveLength(32);
    expect(Buffer.from(decodeKey(Buffer.alloc(32, 7).toString('base64')))).toEqual(Buffer.alloc(32, 7));
    expect(() => decodeKey('not a key!')).toThrow(
      expect.objectContaining({ code: 'ERR_PSEUDONYM_KEY_INVALID' }),
    );
  });
});
