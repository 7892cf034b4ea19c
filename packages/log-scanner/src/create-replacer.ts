import { createHmac } from 'node:crypto';
import type { ScanHit } from './scan-buffer.js';

export type RedactMode = { readonly mode: 'mask' } | { readonly mode: 'hash'; readonly key: Uint8Array };

/** Makes the bytes that replace one identifier in a redacted log. */
export type Replacer = (buf: Buffer, hit: ScanHit, lineStart: number) => Buffer;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const TOKEN_LETTERS = 16;

/**
 * `[msisdn]` (mask) or `[msisdn:kqzfhwpa...]` (keyed hash: HMAC-SHA256 over the identifier's
 * normal form, so `07700900123` and `+447700900123` give the same token and one person stays
 * linkable across the log, while nobody without the key can go back). The token is letters only
 * and bracketed, so a rescan can never read it as a number or a tracking id. A bare JSON number
 * (`"n":447700900123`) is replaced by a quoted string, so the line stays valid JSON.
 */
export function createReplacer(redact: RedactMode): Replacer {
  const cache = new Map<string, Buffer>();
  return (buf, hit) => {
    const id = `${hit.kind}:${hit.value}`;
    let text = cache.get(id);
    if (!text) {
      text = Buffer.from(
        redact.mode === 'mask' ? `[${hit.kind}]` : `[${hit.kind}:${letters(redact.key, id)}]`,
      );
      if (cache.size < 100_000) cache.set(id, text);
    }
    return isBareJsonNumber(buf, hit) ? Buffer.concat([QUOTE, text, QUOTE]) : text;
  };
}

const QUOTE = Buffer.from('"');

function letters(key: Uint8Array, id: string): string {
  const mac = createHmac('sha256', key).update(id).digest();
  let out = '';
  for (let i = 0; i < TOKEN_LETTERS; i++) out += LETTERS[(mac[i] as number) % 26];
  return out;
}

function isBareJsonNumber(buf: Buffer, hit: ScanHit): boolean {
  if (buf[hit.lineStart] !== 0x7b /* { */) return false;
  let p = hit.start - 1;
  while (p >= hit.lineStart && buf[p] === 0x20) p--;
  const before = buf[p];
  if (before !== 0x3a && before !== 0x2c && before !== 0x5b) return false;
  let n = hit.end;
  while (n < buf.length && buf[n] === 0x20) n++;
  const after = buf[n];
  return after === 0x2c || after === 0x7d || after === 0x5d;
}
