import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { billError } from '../../errors.js';
import { WebError } from '../web-error.js';

/**
 * TOTP secrets at rest: AES-256-GCM, each with a fresh 96-bit nonce, bound to its user (the
 * user id is the associated data, so a sealed secret copied to another account does not open).
 * Stored as `v1.` + base64url(nonce ‖ tag ‖ ciphertext); a base32 secret never contains a dot.
 */
export interface TotpSealer {
  seal(secret: string, userId: string): Promise<string>;
  /** The secret; a stored value from before encryption (no `v1.`) is returned as it is. */
  open(stored: string, userId: string): Promise<string>;
  /** Whether a stored value is still plain text (sealed by `sealLegacyTotpSecrets`). */
  isSealed(stored: string): boolean;
  /** Loads (or, for a key file, creates) the key now: a bad key fails at start, not at sign-in. */
  ready(): Promise<void>;
}

export interface TotpKeySource {
  /** A configured secret (≥ 32 characters); the AES key is derived from it. */
  readonly totpKey?: string | undefined;
  /** Otherwise a per-install key file, created with mode 0600 when missing. */
  readonly totpKeyFile: string;
}

const PREFIX = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function createTotpSealer(source: TotpKeySource): TotpSealer {
  let key: Promise<Buffer> | undefined;
  const keyOf = () => {
    key ??= loadKey(source);
    return key;
  };
  return {
    async seal(secret, userId) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await keyOf(), nonce);
      cipher.setAAD(Buffer.from(`totp:${userId}`));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
    },
    async open(stored, userId) {
      if (!stored.startsWith(PREFIX)) return stored;
      const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', await keyOf(), bytes.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(`totp:${userId}`));
      decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // Another key (a changed totpKey, another install's key file) or a tampered row.
        throw new WebError('ERR_WEB_INTERNAL', 'a stored authenticator secret could not be opened');
      }
    },
    isSealed: (stored) => stored.startsWith(PREFIX),
    async ready() {
      await keyOf();
    },
  };
}

async function loadKey(source: TotpKeySource): Promise<Buffer> {
  const secret = source.totpKey ?? (await readOrCreateKeyFile(resolve(source.totpKeyFile)));
  return Buffer.from(hkdfSync('sha256', secret, 'linekeeper-bill-manager', 'totp-secret-encryption v1', 32));
}

async function readOrCreateKeyFile(path: string): Promise<string> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // `wx`: never overwrite; a key another process made a moment ago is read below instead.
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const info = await stat(path);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw billError(
      'ERR_BILL_CONFIG_INVALID',
      `totpKeyFile: ${path} may be read by other users (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it`,
      { where: 'totpKeyFile' },
    );
  }
  const text = (await readFile(path, 'utf8')).trim();
  if (text.length < 32) {
    throw billError('ERR_BILL_CONFIG_INVALID', `totpKeyFile: ${path} must hold at least 32 characters`, {
      where: 'totpKeyFile',
    });
  }
  return text;
}
