import type { Socket } from 'node:net';

/** Parts up to this many bytes in all are sent as one buffer: a copy costs less than a send. */
const SMALL = 16_384;

/**
 * Writes the parts one upstream read produced for the client (strings are latin1): a small
 * response, head and body, as one buffer and so one send; larger ones corked into one writev.
 * Returns false when the socket asks the writer to wait for 'drain'.
 */
export function writeGathered(socket: Socket, parts: readonly (Buffer | string)[]): boolean {
  if (socket.destroyed || socket.writableEnded) return true;
  if (parts.length === 1) return socket.write(parts[0] as Buffer | string, 'latin1');
  let size = 0;
  for (const part of parts) size += part.length; // latin1: one byte per character
  if (size <= SMALL) {
    const joined = Buffer.allocUnsafe(size);
    let at = 0;
    for (const part of parts) {
      at += typeof part === 'string' ? joined.write(part, at, 'latin1') : part.copy(joined, at);
    }
    return socket.write(joined);
  }
  socket.cork();
  for (const part of parts) socket.write(part, 'latin1');
  const ok = !socket.writableNeedDrain;
  socket.uncork();
  return ok;
}
