import { createHmac, hkdfSync } from 'node:crypto';
import { LineKeeperError } from './errors.js';

export interface PseudonymOptions {
  /** The operator's master secret: at least 32 bytes (given as base64, base64url or hex in config). */
  readonly key: Uint8Array;
  /** The current rotation epoch; tokens from different epochs never match. */
  readonly epoch: number;
}

export interface Pseudonymizer {
  readonly epoch: number;
  /** The token that `partnerId` sees for the subscriber `msisdn` (E.164) in `epoch`. */
  pseudonym(partnerId: string, msisdn: string, epoch?: number): string;
}

const SALT = Buffer.from('linekeeper/pseudonym/v1');
const PREFIX = 'lkp1';
const E164 = /^\+[1-9]\d{5,14}$/;

/**
 * Partner-scoped pseudonyms (see docs/pseudonyms.md for the argument):
 *
 *   K(p, e) = HKDF-SHA256(ikm = master, salt = "linekeeper/pseudonym/v1", info = "partner\0" p "\0epoch\0" e)
 *   token   = "lkp1." e "." base64url(HMAC-SHA256(K(p, e), msisdn)[0..16])
 *
 * HMAC is a PRF, so without K a token reveals nothing about the number, and tokens of two
 * partners (or two epochs) are outputs of independent keys: equal inputs give unrelated tokens,
 * so partners cannot join their data. 128 bits leave collisions negligible for any subscriber
 * base. The epoch travels in the token so that a partner can tell a rotation from churn.
 */
export function createPseudonymizer(options: PseudonymOptions): Pseudonymizer {
  if (options.key.byteLength < 32) {
    throw new LineKeeperError('ERR_PSEUDONYM_KEY_INVALID', 'the pseudonym key must be at least 32 bytes');
  }
  if (!Number.isSafeInteger(options.epoch) || options.epoch < 0) {
    throw new LineKeeperError(
      'ERR_PSEUDONYM_KEY_INVALID',
      'the pseudonym epoch must be a non-negative integer',
    );
  }
  const master = Buffer.from(options.key);
  // Derived keys are cached: a gateway sees few partners and one or two epochs at a time.
  const keys = new Map<string, Buffer>();

  function partnerKey(partnerId: string, epoch: number): Buffer {
    const id = `${partnerId}\0${epoch}`;
    let key = keys.get(id);
    if (!key) {
      const info = Buffer.from(`partner\0${partnerId}\0epoch\0${epoch}`);
      key = Buffer.from(hkdfSync('sha256', master, SALT, info, 32));
      keys.set(id, key);
    }
    return key;
  }

  return Object.freeze({
    epoch: options.epoch,
    pseudonym(partnerId: string, msisdn: string, epoch = options.epoch): string {
      if (partnerId === '' || partnerId.includes('\0')) {
        throw new LineKeeperError('ERR_PSEUDONYM_INPUT_INVALID', 'partnerId must be a non-empty string');
      }
      if (!E164.test(msisdn)) {
        throw new LineKeeperError('ERR_PSEUDONYM_INPUT_INVALID', 'msisdn must be in E.164 form');
      }
      const mac = createHmac('sha256', partnerKey(partnerId, epoch)).update(msisdn).digest();
      return `${PREFIX}.${epoch}.${mac.subarray(0, 16).toString('base64url')}`;
    },
  });
}

/** Decodes a configured key: hex (64+ chars) or base64/base64url. */
export function decodeKey(text: string): Uint8Array {
  const trimmed = text.trim();
  if (/^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 && trimmed.length >= 64) {
    return Buffer.from(trimmed, 'hex');
  }
  if (/^[A-Za-z0-9+/_-]+=*$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  throw new LineKeeperError('ERR_PSEUDONYM_KEY_INVALID', 'the key must be hex or base64');
}
