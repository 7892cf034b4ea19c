// The benchmark's naive Node proxy: what a first attempt in Node looks like — node:http server,
// node:http client with a keep-alive agent, pipes both ways, X-MSISDN from an IP→MSISDN map for
// one partner host (any inbound X-MSISDN dropped). No policy, no ledger, no hardening.
// Usage: node --import tsx naive-proxy.ts <origin port> <partner host> <map file>; prints its port.
import { readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';

const [originPort, partnerHost, mapFile] = process.argv.slice(2) as [string, string, string];
const msisdns = new Map<string, string>();
for (const line of readFileSync(mapFile, 'utf8').split('\n')) {
  const [address, msisdn] = line.split(' ');
  if (address && msisdn) msisdns.set(address, msisdn);
}
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const server = createServer((req, res) => {
  const headers = { ...req.headers };
  delete headers['x-msisdn'];
  const msisdn = msisdns.get(req.socket.remoteAddress ?? '');
  if (msisdn !== undefined && req.headers.host === partnerHost) headers['x-msisdn'] = msisdn;
  const outgoing = request(
    { host: '127.0.0.1', port: Number(originPort), method: req.method, path: req.url, headers, agent },
    (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    },
  );
  outgoing.on('error', () => res.destroy());
  req.pipe(outgoing);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  console.log((server.address() as { port: number }).port);
});
