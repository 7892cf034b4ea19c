import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, type TransformOptions } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { inflateInWorker } from './inflate-in-worker.js';

export interface OpenedSource {
  readonly chunks: AsyncIterable<Buffer>;
  readonly gzip: boolean;
  /** Size on disk, when known (for progress). */
  readonly size: number | undefined;
  /** Bytes read from disk so far (compressed bytes for a `.gz`). */
  readonly bytesRead: () => number;
  readonly mode: number;
}

const READ_CHUNK = 1 << 20;
const INFLATE_AHEAD = 8 * READ_CHUNK;

/** Part of a plain file, `[start, end)`, both at line starts (see `planRanges`). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface OpenSourceOptions {
  /**
   * A gzip file at least this large (compressed bytes; default 1 MiB) is inflated on a worker
   * thread, so that inflate and scan run at the same time; a smaller one in this thread (a
   * worker costs some milliseconds to start).
   */
  readonly inflateInWorkerFrom?: number;
}

const INFLATE_IN_WORKER_FROM = 1 << 20;

/**
 * Opens a file (or `-`, stdin) for scanning. Gzip is recognised by its magic bytes, not its
 * name, so rotated logs (`access.log.2.gz`) and mislabelled files both read right.
 */
export async function openSource(
  path: string,
  range?: ByteRange,
  stdin: Readable = process.stdin,
  options: OpenSourceOptions = {},
): Promise<OpenedSource> {
  if (path === '-') return fromStdin(stdin);
  const handle = await open(path, 'r');
  let gzip = false;
  let size: number | undefined;
  let mode = 0o644;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    size = stat.size;
    mode = stat.mode & 0o777;
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
  if (!gzip) return fromFile(path, range?.end ?? size, mode, range?.start ?? 0);
  if (range)
    throw Object.assign(new Error('a gzip file cannot be read from the middle'), {
      code: 'ERR_SCAN_OPTIONS_INVALID',
    });
  if ((size ?? 0) >= (options.inflateInWorkerFrom ?? INFLATE_IN_WORKER_FROM)) {
    const inflated = inflateInWorker(path, { chunkBytes: READ_CHUNK });
    return { chunks: inflated.chunks, gzip, size, bytesRead: inflated.bytesRead, mode };
  }
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK });
  return fromStream(raw, size, mode, gzip);
}

// Plain files are read into a few buffers used in turn: no allocation per chunk, so a 1 GB log
// makes no garbage (scanChunks copies the little it keeps across chunks). The next chunks are read
// (on libuv's pool) while this one is scanned, several ahead, so the scanning thread does not
// wait for the disk or the page cache even when the pool's threads are slow to get a core: when
// the consumer asks for chunk k+1, chunk k's buffer is free again.
const READ_AHEAD = 4;

interface ReadChunk {
  readonly buffer: Buffer;
  readonly at: number;
  readonly want: number;
  readonly bytesRead: number;
}

function fromFile(path: string, end: number, mode: number, start = 0): OpenedSource {
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    const handle = await open(path, 'r');
    const buffers = Array.from({ length: READ_AHEAD }, () => Buffer.allocUnsafeSlow(READ_CHUNK));
    let turn = 0;
    let next = start; // where the next read starts; `end` ends the byte range (or the file)
    const pending: Promise<ReadChunk>[] = [];
    const fill = (): void => {
      while (pending.length < READ_AHEAD && next < end) {
        const want = Math.min(READ_CHUNK, end - next);
        const buffer = buffers[turn++ % READ_AHEAD] as Buffer;
        const at = next;
        const reading = handle
          .read(buffer, 0, want, at)
          .then(({ bytesRead }) => ({ buffer, at, want, bytesRead }));
        reading.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
        pending.push(reading);
        next += want;
      }
    };
    try {
      for (;;) {
        fill();
        const reading = pending.shift();
        if (!reading) return;
        const chunk = await reading;
        if (chunk.bytesRead === 0) return;
        if (chunk.bytesRead < chunk.want) {
          // A short read (the file shrank, or a signal): the reads queued after it start at the
          // wrong place. Drop them and go on from where this one stopped.
          await Promise.allSettled(pending.splice(0));
          next = chunk.at + chunk.bytesRead;
        }
        read += chunk.bytesRead;
        yield chunk.buffer.subarray(0, chunk.bytesRead);
      }
    } finally {
      await Promise.allSettled(pending);
      await handle.close();
    }
  }
  return { chunks: chunks(), gzip: false, size: end, bytesRead: () => read, mode };
}

async function fromStream(
  raw: Readable,
  size: number | undefined,
  mode: number,
  gzip = false,
): Promise<OpenedSource> {
  let read = 0;
  if (!gzip) {
    // Counted as consumed: a 'data' listener would start the flow before anyone reads.
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of raw) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    return { chunks: counted(), gzip, size, bytesRead: () => read, mode };
  }
  // Inflate runs on libuv's pool; a deep output buffer lets it keep inflating the next chunks
  // while the main thread scans this one (with the default 16 KiB mark it stalls after each).
  // (zlib passes stream options on to its Transform; its typings only list zlib's own.)
  const inflateOptions: ZlibOptions & TransformOptions = {
    chunkSize: READ_CHUNK,
    readableHighWaterMark: INFLATE_AHEAD,
  };
  const gunzip = createGunzip(inflateOptions);
  raw.on('error', (error) => gunzip.destroy(error));
  // Piped, so flow is paced by gunzip; the listener only counts.
  raw.on('data', (chunk: Buffer) => {
    read += chunk.length;
  });
  raw.pipe(gunzip);
  return { chunks: gunzip, gzip, size, bytesRead: () => read, mode };
}

// Stdin cannot be peeked at: read its first chunk, then replay it ahead of the rest.
async function fromStdin(stdin: Readable): Promise<OpenedSource> {
  const iterator = stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  return fromStream(Readable.from(replay(), { objectMode: false }), undefined, 0o644, gzip);
}
