import type { Socket } from 'node:net';

/**
 * Joins two sockets byte for byte (a CONNECT tunnel, an upgraded protocol): each side's end is
 * passed on, either side closing or failing closes both, and a tunnel idle this long in both
 * directions is closed. `onClose` runs once.
 */
export function joinTunnel(client: Socket, server: Socket, idleTimeoutMs: number, onClose: () => void): void {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    client.destroy();
    server.destroy();
    onClose();
  };
  client.on('error', close);
  server.on('error', close);
  client.once('close', close);
  server.once('close', close);
  server.setTimeout(idleTimeoutMs, close);
  server.pipe(client);
  client.pipe(server);
}
