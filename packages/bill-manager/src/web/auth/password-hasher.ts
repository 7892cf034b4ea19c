import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
  /** Spends the time of a real check, for an unknown account, so timing does not tell. */
  verifyNothing(password: string): Promise<void>;
}

// Argon2id (`Algorithm.Argon2id` is a const enum, which isolated modules cannot read), with
// OWASP's minimum: 19 MiB, 2 passes, 1 lane.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Argon2id password hashing (`@node-rs/argon2`: prebuilt, no install script). */
export function createPasswordHasher(): PasswordHasher {
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, OPTIONS),
    async verify(stored, password) {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      dummy ??= hash(randomBytes(16).toString('hex'), OPTIONS);
      await verify(await dummy, password).catch(() => false);
    },
  };
}
