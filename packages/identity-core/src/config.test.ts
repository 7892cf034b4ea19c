import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig, readConfigFile } from './config.js';

const schema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  limits: z
    .strictObject({ maxHeaders: z.number().int().positive().default(100) })
    .default({ maxHeaders: 100 }),
});

describe('parseConfig', () => {
  it('fills defaults and freezes the result deeply', () => {
    const config = parseConfig(schema, {});
    expect(config).toEqual({ host: '127.0.0.1', port: 8081, limits: { maxHeaders: 100 } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('names every bad key with its source', () => {
    let error: unknown;
    try {
      parseConfig(schema, { port: 70000, limits: { maxHeaders: -1, extra: true }, typo: 1 }, 'site.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    const message = (error as Error).message;
    expect(message).toContain('site.yaml');
    expect(message).toMatch(/^ {2}port: /m);
    expect(message).toMatch(/^ {2}limits\.maxHeaders: /m);
    expect(message).toMatch(/limits: .*extra/);
    expect(message).toMatch(/typo/);
  });
});

describe('readConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lk-config-'));

  it('reads YAML and JSON', () => {
    writeFileSync(join(dir, 'a.yaml'), 'port: 9000\nlimits:\n  maxHeaders: 5\n');
    writeFileSync(join(dir, 'b.json'), '{"port": 9001}');
    expect(parseConfig(schema, readConfigFile(join(dir, 'a.yaml')))).toMatchObject({
      port: 9000,
      limits: { maxHeaders: 5 },
    });
    expect(parseConfig(schema, readConfigFile(join(dir, 'b.json')))).toMatchObject({ port: 9001 });
  });

  it('says which file is missing or broken', () => {
    expect(() => readConfigFile(join(dir, 'missing.yaml'))).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_UNREADABLE' }),
    );
    writeFileSync(join(dir, 'bad.yaml'), 'port: [1,\n');
    expect(() => readConfigFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml/);
  });
});
