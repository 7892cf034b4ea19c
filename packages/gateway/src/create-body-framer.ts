import { parseHeaderLines } from './parse-header-lines.js';
import type { BodyFraming } from './parse-request-head.js';

/** Receives a body's bytes as they pass (an object, so that no closure is made per exchange). */
export interface BodySink {
  emit(part: Buffer | string): void;
}

/** Where a body ends, found while its bytes stream through (never buffered whole). */
export interface BodyFramer {
  /**
   * Hands the part of `chunk` that belongs to the body to `sink` (chunked bodies re-framed) and
   * returns how many bytes of `chunk` that was; the rest belongs to whatever follows the body.
   * Returns -1 when the body is malformed: the connection can no longer be trusted.
   */
  feed(chunk: Buffer, sink: BodySink): number;
  /** The body has ended. */
  readonly done: boolean;
}

export interface BodyFramerOptions {
  /** Re-emit chunked framing (to an HTTP/1.1 peer), or emit only the data (HTTP/1.0 peer). */
  readonly rechunk: boolean;
  /** Bounds a chunk-size line and the trailer section. */
  readonly maxLineBytes: number;
  readonly maxTrailerCount: number;
}

const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
const QUOTED = '"(?:[\\t !#-\\[\\]-~\\x80-\\xff]|\\\\[\\t !-~\\x80-\\xff])*"';
/** chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1), extensions checked and then dropped. */
const SIZE_LINE = new RegExp(
  `^([0-9a-fA-F]{1,12})(?:[ \\t]*;[ \\t]*${TOKEN}(?:[ \\t]*=[ \\t]*(?:${TOKEN}|${QUOTED}))?)*\\r\\n$`,
);

const FINISHED: BodyFramer = Object.freeze({ feed: () => 0, done: true });

/**
 * A body framer for Content-Length (counts bytes through untouched) or chunked (checks every
 * chunk-size line and CRLF strictly; forwards chunk data as it arrives; drops chunk extensions
 * and trailer fields, which could otherwise carry identity past the header stripper).
 */
export function createBodyFramer(framing: BodyFraming, options: BodyFramerOptions): BodyFramer {
  if (framing.kind === 'none') return FINISHED;
  if (framing.kind === 'length') return lengthFramer(framing.length);
  return chunkedFramer(options);
}

function lengthFramer(length: number): BodyFramer {
  let remaining = length;
  return {
    feed(chunk, sink) {
      const n = Math.min(remaining, chunk.length);
      if (n > 0) sink.emit(n === chunk.length ? chunk : chunk.subarray(0, n));
      remaining -= n;
      return n;
    },
    get done() {
      return remaining === 0;
    },
  };
}

const SIZE = 0;
const DATA = 1;
const DATA_CR = 2;
const DATA_LF = 3;
const TRAILER = 4;
const DONE = 5;

function chunkedFramer(options: BodyFramerOptions): BodyFramer {
  let state = SIZE;
  let line = '';
  let remaining = 0;
  return {
    feed(chunk, sink) {
      let i = 0;
      while (i < chunk.length && state !== DONE) {
        if (state === DATA) {
          const n = Math.min(remaining, chunk.length - i);
          sink.emit(chunk.subarray(i, i + n));
          i += n;
          remaining -= n;
          if (remaining === 0) state = DATA_CR;
        } else if (state === DATA_CR || state === DATA_LF) {
          if (chunk[i] !== (state === DATA_CR ? 0x0d : 0x0a)) return -1;
          i += 1;
          if (state === DATA_CR) state = DATA_LF;
          else {
            state = SIZE; // the CRLF after chunk data: the next chunk-size line follows
            if (options.rechunk) sink.emit('\r\n');
          }
        } else {
          const lf = chunk.indexOf(0x0a, i);
          const stop = lf === -1 ? chunk.length : lf + 1;
          line += chunk.toString('latin1', i, stop);
          i = stop;
          const limit = state === SIZE ? options.maxLineBytes : options.maxLineBytes * 4;
          if (line.length > limit) return -1;
          if (lf === -1) continue;
          if (state === SIZE) {
            const size = SIZE_LINE.exec(line);
            if (size === null) return -1;
            line = '';
            remaining = Number.parseInt(size[1] as string, 16);
            if (remaining === 0) state = TRAILER;
            else {
              state = DATA;
              if (options.rechunk) sink.emit(`${remaining.toString(16)}\r\n`);
            }
          } else if (line === '\r\n' || line.endsWith('\r\n\r\n')) {
            if (line !== '\r\n' && !parseHeaderLines(line.slice(0, -2), 0, options.maxTrailerCount).ok) {
              return -1;
            }
            line = '';
            state = DONE;
            if (options.rechunk) sink.emit('0\r\n\r\n');
          }
        }
      }
      return i;
    },
    get done() {
      return state === DONE;
    },
  };
}
