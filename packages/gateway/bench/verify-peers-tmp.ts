// TEMP: checks each peer adds X-MSISDN for the partner only and drops a spoofed one.
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPeerBinary, startPeer, writePeerMaps } from './peers.js';

const origin = createServer((q, s) => s.end(JSON.stringify(q.headers['x-msisdn'] ?? null)));
await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
const originPort = (origin.address() as { port: number }).port;
const dir = mkdtempSync(join(tmpdir(), 'peer-verify-'));
writePeerMaps(dir, [
  ['10.0.0.1', '+999000000001'],
  ['127.0.0.1', '+447700900123'],
]);
const get = (port: number, host: string, spoof?: string) =>
  new Promise<string>((resolve, reject) => {
    const r = request(
      { host: '127.0.0.1', port, path: '/', headers: { host, ...(spoof ? { 'x-msisdn': spoof } : {}) } },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(`${res.statusCode} ${b}`));
      },
    );
    r.on('error', reject);
    r.end();
  });
for (const kind of ['nginx', 'haproxy', 'squid'] as const) {
  const peer = await startPeer(kind, findPeerBinary(kind) as string, {
    dir,
    originPort,
    partnerHost: 'h0.p0.bench.test',
  });
  console.log(
    kind,
    'partner:',
    await get(peer.port, 'h0.p0.bench.test'),
    '| partner+spoof:',
    await get(peer.port, 'h0.p0.bench.test', '+447700900999'),
    '| other+spoof:',
    await get(peer.port, 'pass.bench.test', '+447700900999'),
  );
  await peer.stop();
}
origin.close();
