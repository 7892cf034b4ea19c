import { createSocket, type Socket } from 'node:dgram';

export {
  type AccountingFields,
  encodeAccountingRequest as accountingRequest,
  ipv6PrefixValue,
} from '../accounting-request.js';

/** Sends datagrams from one loopback socket and collects the answers (bounded wait). */
export async function exchange(
  port: number,
  datagrams: Buffer[],
  options: { waitMs?: number; expect?: number; host?: string; socket?: Socket } = {},
): Promise<Buffer[]> {
  const socket = options.socket ?? (await openClientSocket());
  const answers: Buffer[] = [];
  const expect = options.expect ?? datagrams.length;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.waitMs ?? 1000);
    socket.on('message', (message) => {
      answers.push(message);
      if (answers.length >= expect) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  for (const datagram of datagrams) socket.send(datagram, port, options.host ?? '127.0.0.1');
  await done;
  socket.removeAllListeners('message');
  if (!options.socket) socket.close();
  return answers;
}

/** A client socket on an ephemeral loopback port (a NAS re-sends from the same port). */
export async function openClientSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}
