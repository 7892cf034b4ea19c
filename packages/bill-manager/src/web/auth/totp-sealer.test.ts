import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTotpSecret } from './totp.js';
import { createTotpSealer } from './totp-sealer.js';

const USER = '6f1c1f0e-2a51-4d1e-9d38-000000000001';
const OTHER = '6f1c1f0e-2a51-4d1e-9d38-000000000002';

describe('sealing TOTP secrets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lk-totp-key-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('stores neither the secret nor anything that repeats, and opens only for its user', async () => {
    const sealer = createTotpSealer({ totpKey: 'k'.repeat(40), totpKeyFile: join(dir, 'unused') });
    const secret = newTotpSecret();
    const first = await sealer.seal(secret, USER);
    const second = await sealer.seal(secret, USER);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(first).not.toContain(secret);
    expect(first).not.toBe(second);
    expect(await sealer.open(first, USER)).toBe(secret);
    await expect(sealer.open(first, OTHER)).rejects.toThrow(/could not be opened/);
    const otherKey = createTotpSealer({ totpKey: 'j'.repeat(40), totpKeyFile: join(dir, 'unused') });
    await expect(otherKey.open(first, USER)).rejects.toThrow(/could not be opened/);
    // A secret stored before encryption still opens (and `isSealed` says to seal it).
    expect(await sealer.open(secret, USER)).toBe(secret);
    expect(sealer.isSealed(secret)).toBe(false);
  });

  it('creates a per-install key file readable by its owner only, and keeps using it', async () => {
    const keyFile = join(dir, 'install', 'totp.key');
    const sealed = await createTotpSealer({ totpKeyFile: keyFile }).seal('JBSWY3DPEHPK3PXP', USER);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = await readFile(keyFile, 'utf8');
    const again = createTotpSealer({ totpKeyFile: keyFile });
    expect(await again.open(sealed, USER)).toBe('JBSWY3DPEHPK3PXP');
    expect(await readFile(keyFile, 'utf8')).toBe(key);
  });

  it('refuses a key file other users may read, or one too short', async () => {
    const exposed = join(dir, 'exposed.key');
    await writeFile(exposed, 'x'.repeat(43), { mode: 0o600 });
    await chmod(exposed, 0o644);
    await expect(createTotpSealer({ totpKeyFile: exposed }).ready()).rejects.toMatchObject({
      code: 'ERR_BILL_CONFIG_INVALID',
    });
    const short = join(dir, 'short.key');
    await writeFile(short, 'too-short', { mode: 0o600 });
    await expect(createTotpSealer({ totpKeyFile: short }).ready()).rejects.toThrow(/at least 32/);
  });
});
