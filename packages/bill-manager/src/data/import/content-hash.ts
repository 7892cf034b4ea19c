import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';

/**
 * SHA-256 over the files of a bill run, each prefixed by its name and length, in the order
 * given. The same run uploaded again has the same hash, whatever the directory is called.
 */
export async function contentHash(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${basename(path)}\0`);
    let length = 0;
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
    hash.update(`\0${length}\0`);
  }
  return hash.digest('hex');
}
