import { createCipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Kinds of object the API names; an id made for one kind is not an id of another. */
export type IdKind =
  | 'line'
  | 'cost_centre'
  | 'bill_run'
  | 'user'
  | 'watchpoint'
  | 'export'
  | 'audit'
  | 'company'
  | 'break_glass';

/** The binding of ids that no company owns (operator views). */
export const OPERATOR_BINDING = 'operator';

export interface IdCodec {
  /** A database id (UUID, or a decimal bigint) as the API shows it to `binding` (a tenant id). */
  encode(kind: IdKind, binding: string, value: string): string;
  /** The database id, or undefined when the id is malformed, of another kind or another tenant. */
  decode(kind: IdKind, binding: string, id: string): string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG_BYTES = 12;
const UUID_FORM = 0x75; // 'u'
const NUMBER_FORM = 0x6e; // 'n'

/**
 * Opaque ids by deterministic authenticated encryption (SIV: the tag is an HMAC of kind, tenant
 * and value, and is also the AES-CTR nonce). The same object always has the same id for its
 * tenant, nobody can read or make one without the key, and an id presented by another tenant
 * fails its tag — so a foreign id is simply "not found", before any query runs.
 */
export function createIdCodec(secret: string | undefined): IdCodec {
  const master = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'linekeeper-bill-id-mac', 32));
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'linekeeper-bill-id-enc', 32));

  const tagOf = (kind: IdKind, binding: string, plain: Buffer): Buffer =>
    createHmac('sha256', macKey)
      .update(`${kind}\0${binding.toLowerCase()}\0`)
      .update(plain)
      .digest()
      .subarray(0, TAG_BYTES);
  const ctr = (tag: Buffer, data: Buffer): Buffer => {
    const iv = Buffer.alloc(16);
    tag.copy(iv);
    const cipher = createCipheriv('aes-256-ctr', encKey, iv);
    return Buffer.concat([cipher.update(data), cipher.final()]);
  };

  return {
    encode(kind, binding, value) {
      const plain = toBytes(value);
      const tag = tagOf(kind, binding, plain);
      return Buffer.concat([tag, ctr(tag, plain)]).toString('base64url');
    },
    decode(kind, binding, id) {
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) return undefined;
      const raw = Buffer.from(id, 'base64url');
      if (raw.length <= TAG_BYTES) return undefined;
      const tag = raw.subarray(0, TAG_BYTES);
      const plain = ctr(tag, raw.subarray(TAG_BYTES));
      if (!timingSafeEqual(tag, tagOf(kind, binding, plain))) return undefined;
      return fromBytes(plain);
    },
  };
}

function toBytes(value: string): Buffer {
  if (UUID.test(value)) {
    return Buffer.concat([Buffer.of(UUID_FORM), Buffer.from(value.replaceAll('-', ''), 'hex')]);
  }
  if (/^\d{1,18}$/.test(value)) {
    const bytes = Buffer.alloc(9);
    bytes[0] = NUMBER_FORM;
    bytes.writeBigUInt64BE(BigInt(value), 1);
    return bytes;
  }
  throw new TypeError('only UUIDs and non-negative integers are given public ids');
}

function fromBytes(plain: Buffer): string | undefined {
  if (plain[0] === UUID_FORM && plain.length === 17) {
    const hex = plain.subarray(1).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (plain[0] === NUMBER_FORM && plain.length === 9) return plain.readBigUInt64BE(1).toString();
  return undefined;
}
