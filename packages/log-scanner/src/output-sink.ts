import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/** Where a redacted copy is written: to a temporary file that only `commit` makes durable. */
export interface OutputSink {
  write(chunk: Buffer): Promise<void>;
  /** Flushes and fsyncs; after this the temporary file is complete. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file: no half-written output is ever left behind. */
  abort(): Promise<void>;
}

export type OpenSink = (tmpPath: string, mode: number) => Promise<OutputSink>;

/** The temporary file beside `target` (same directory, so the final rename is atomic). */
export function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.lk-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
}

/** A sink on the real file system: exclusive create, full writes, fsync before close. */
export const openFileSink: OpenSink = async (tmpPath, mode) => {
  const handle = await open(tmpPath, 'wx', mode);
  let closed = false;
  return {
    async write(chunk) {
      let at = 0;
      while (at < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, at, chunk.length - at);
        at += bytesWritten;
      }
    },
    async commit() {
      await handle.sync();
      closed = true;
      await handle.close();
    },
    async abort() {
      if (!closed) {
        closed = true;
        await handle.close().catch(() => undefined);
      }
      await unlink(tmpPath).catch(() => undefined);
    },
  };
};

const gzipAsync = promisify(gzip);

/**
 * Gzip in, gzip out: each region is compressed as its own gzip member (RFC 1952 allows any
 * number; gunzip, zcat and `rg -z` read them as one stream), on libuv's thread pool.
 */
export function gzipSink(inner: OutputSink): OutputSink {
  return {
    async write(chunk) {
      if (chunk.length > 0) await inner.write(await gzipAsync(chunk));
    },
    commit: () => inner.commit(),
    abort: () => inner.abort(),
  };
}
