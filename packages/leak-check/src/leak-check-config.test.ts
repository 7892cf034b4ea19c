import { parseConfig } from '@linekeeper/identity-core';
import { describe, expect, it } from 'vitest';
import { leakCheckConfigSchema } from './leak-check-config.js';

describe('leakCheckConfigSchema', () => {
  it('gives the demo config for an empty input, safe limits included', () => {
    expect(leakCheckConfigSchema.parse({})).toEqual({
      host: '127.0.0.1',
      port: 8081,
      defaultCountry: 'GB',
      maxHeaderBytes: 16384,
      maxHeaderCount: 100,
      headersTimeoutMs: 10_000,
      exposeMetrics: true,
    });
  });

  it('rejects unknown keys and names each bad key', () => {
    let message = '';
    try {
      parseConfig(leakCheckConfigSchema, { prot: 80, maxHeaderCount: 5 }, 'leak-check.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('invalid configuration in leak-check.yaml');
    expect(message).toMatch(/\(top level\): .*\(prot\)/);
    expect(message).toMatch(/maxHeaderCount: /);
  });

  it.each(['gb', 'ZZ', 'GBR', ''])('rejects %j as defaultCountry', (defaultCountry) => {
    expect(() => parseConfig(leakCheckConfigSchema, { defaultCountry })).toThrow(
      /defaultCountry: must be an ISO 3166-1/,
    );
  });

  it('returns a frozen config', () => {
    const config = parseConfig(leakCheckConfigSchema, { port: 0, defaultCountry: 'DE' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.defaultCountry).toBe('DE');
  });
});
