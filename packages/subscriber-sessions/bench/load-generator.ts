import { createSocket, type Socket } from 'node:dgram';
import type { EncodeAttribute } from 'radius';
import { radiusCodec } from '../src/radius-codec.js';

/** Pre-built, signed Accounting-Requests; packet i goes out on socket i % sockets. */
export interface AccountingLoad {
  readonly packets: readonly Buffer[];
  readonly sockets: number;
  readonly mix: { readonly start: number; readonly interim: number; readonly stop: number };
}

const PHASES = ['Start', 'Interim-Update', 'Interim-Update', 'Interim-Update', 'Stop'] as const;
const GROUP = 500;

/**
 * A packet gateway's steady state: subscribers in groups of 500 go through Start, three
 * Interim-Updates and Stop, with groups overlapping, so every stretch of the load mixes 20 %
 * Starts, 60 % Interims and 20 % Stops. Attributes are those a PGW sends (3GPP VSAs included).
 * MSISDNs cycle through Ofcom's drama range.
 */
export function buildAccountingLoad(subscribers: number, secret: string, sockets = 4): AccountingLoad {
  const codec = radiusCodec();
  const packets: Buffer[] = [];
  const mix = { start: 0, interim: 0, stop: 0 };
  const groups = Math.ceil(subscribers / GROUP);
  const t0 = Math.floor(Date.now() / 1000);
  for (let round = 0; round < groups + PHASES.length; round++) {
    for (let phase = 0; phase < PHASES.length; phase++) {
      const group = round - phase;
      if (group < 0 || group >= groups) continue;
      const statusType = PHASES[phase] ?? 'Start';
      for (let k = group * GROUP; k < Math.min(subscribers, (group + 1) * GROUP); k++) {
        const index = packets.length;
        const identifier = Math.floor(index / sockets) % 256;
        packets.push(
          codec.encode({
            code: 'Accounting-Request',
            secret,
            identifier,
            attributes: attributesFor(k, statusType, t0 + round * 60),
          }),
        );
        if (statusType === 'Start') mix.start++;
        else if (statusType === 'Stop') mix.stop++;
        else mix.interim++;
      }
    }
  }
  return { packets, sockets, mix };
}

function attributesFor(k: number, statusType: string, eventTime: number): EncodeAttribute[] {
  const octets = 1_000_000 + k * 17;
  return [
    ['Acct-Status-Type', statusType],
    ['Acct-Session-Id', `pgw1-${k.toString(16).padStart(8, '0')}-0001`],
    ['User-Name', 'internet'],
    ['Calling-Station-Id', `4477009${String(k % 1000).padStart(5, '0')}`],
    ['Framed-IP-Address', `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`],
    ['NAS-IP-Address', '192.0.2.1'],
    ['NAS-Identifier', 'pgw-1'],
    ['Called-Station-Id', 'internet'],
    ['Event-Timestamp', new Date(eventTime * 1000)],
    ['Acct-Interim-Interval', 300],
    ['Acct-Input-Octets', octets],
    ['Acct-Output-Octets', octets * 9],
    ['Acct-Session-Time', statusType === 'Start' ? 0 : 60],
    [
      'Vendor-Specific',
      10415,
      [
        ['3GPP-IMSI', `23415${String(k).padStart(10, '0')}`],
        ['3GPP-IMEISV', `35662100${String(k % 1e8).padStart(8, '0')}`],
        ['3GPP-RAT-Type', Buffer.from([6])],
        ['3GPP-Charging-ID', k + 1],
        ['3GPP-User-Location-Info', Buffer.from([130, 0x32, 0xf4, 0x51, 0, 1, 0x32, 0xf4, 0x51, 0, 0, 0, 1])],
      ],
    ],
  ];
}

export interface LoadResult {
  readonly answered: number;
  readonly lost: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/**
 * Sends the load with `window` requests in flight per socket; an identifier is reused only once
 * its previous request was answered or timed out. Rate = answers / elapsed time. Kept cheap so
 * that the generator, which shares the machine with the server, is not what is measured: each
 * socket is connected (no per-send address lookup) and time-outs are found by one sweep every
 * 50 ms over a per-socket table of send times, not by a timer per request.
 */
export async function runLoad(
  port: number,
  load: AccountingLoad,
  window = 32,
  timeoutMs = 1000,
): Promise<LoadResult> {
  const sockets: Socket[] = [];
  for (let s = 0; s < load.sockets; s++) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
    sockets.push(socket);
  }
  let answered = 0;
  let lost = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(
      (socket, s) =>
        new Promise<void>((resolve) => {
          const queue = load.packets.filter((_packet, i) => i % load.sockets === s);
          const sentAt = new Float64Array(256); // by identifier; 0 = not in flight
          let inFlight = 0;
          let next = 0;
          const finish = (id: number, ok: boolean) => {
            if (sentAt[id] === 0) return;
            sentAt[id] = 0;
            inFlight--;
            if (ok) answered++;
            else lost++;
            pump();
          };
          const pump = () => {
            while (inFlight < window && next < queue.length) {
              const packet = queue[next] as Buffer;
              const id = packet[1] ?? 0;
              if (sentAt[id] !== 0) break;
              next++;
              sentAt[id] = performance.now();
              inFlight++;
              socket.send(packet);
            }
            if (next >= queue.length && inFlight === 0) {
              clearInterval(sweep);
              resolve();
            }
          };
          const sweep = setInterval(() => {
            const expired = performance.now() - timeoutMs;
            for (let id = 0; id < 256; id++) {
              const at = sentAt[id] ?? 0;
              if (at !== 0 && at < expired) finish(id, false);
            }
          }, 50);
          socket.on('message', (message) => finish(message[1] ?? 0, message[0] === 5));
          pump();
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.close();
  return { answered, lost, seconds, perSecond: answered / seconds };
}
