import { createServer as createHttpServer, type Server } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer as createNetServer,
  type Server as NetServer,
} from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activePolicy,
  fixturePolicy,
  type GatewayHarness,
  MSISDN,
  proxyGet,
  rawExchange,
  session,
  startEchoOrigin,
  startGatewayHarness,
} from './testing/gateway-fixture.js';

let origin: { server: Server; port: number };
let tcpEcho: NetServer;
let silent: NetServer;
let upgradeOrigin: Server;
let gateway: GatewayHarness;
const port = (server: NetServer | Server) => (server.address() as AddressInfo).port;
const overrides = () => ({
  'partner.test': `127.0.0.1:${origin.port}`,
  'other.test': `127.0.0.1:${origin.port}`,
  'tls.test': `127.0.0.1:${port(tcpEcho)}`,
  'ws.test': `127.0.0.1:${port(upgradeOrigin)}`,
  'silent.test': `127.0.0.1:${port(silent)}`,
  'closed.test': '127.0.0.1:1',
});

beforeAll(async () => {
  origin = await startEchoOrigin();
  tcpEcho = createNetServer((socket) => socket.pipe(socket));
  silent = createNetServer(() => {});
  upgradeOrigin = createHttpServer((_req, res) => res.end('no'));
  upgradeOrigin.on('upgrade', (req, socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Seen-Msisdn: ${req.headers['x-msisdn'] ?? 'none'}\r\n\r\n`,
    );
    socket.pipe(socket);
  });
  for (const server of [tcpEcho, silent, upgradeOrigin]) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
});
afterAll(() => {
  for (const server of [origin.server, upgradeOrigin]) server.closeAllConnections();
  for (const server of [origin.server, tcpEcho, silent, upgradeOrigin]) server.close();
});
afterEach(async () => gateway?.close());

describe('tunnels', () => {
  it('passes CONNECT through byte for byte and never enriches it', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    const bytes = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x00, 0xff, 0x0d, 0x0a, 0x58]);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: gateway.port, localAddress: '127.0.0.2' });
      const chunks: Buffer[] = [];
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        chunks.push(chunk);
        const all = Buffer.concat(chunks);
        if (all.length >= 39 + bytes.length) {
          socket.destroy();
          resolve(all);
        }
      });
      socket.write('CONNECT tls.test:443 HTTP/1.1\r\nHost: tls.test:443\r\nX-MSISDN: +447700900999\r\n\r\n');
      socket.write(bytes);
    });
    const text = reply.toString('latin1');
    expect(text.startsWith('HTTP/1.1 200 Connection Established\r\n\r\n')).toBe(true);
    expect(reply.subarray(39).equals(bytes)).toBe(true);
  });

  it('refuses CONNECT to a port that is not configured', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const reply = await rawExchange(
      gateway.port,
      'CONNECT tls.test:25 HTTP/1.1\r\nHost: tls.test:25\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1.1 403 /);
    expect(reply).toContain('ERR_CONNECT_PORT_REFUSED');
  });

  it('passes an Upgrade through, with inbound identity stripped and nothing added', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    const reply = await rawExchange(
      gateway.port,
      'GET http://ws.test/chat HTTP/1.1\r\nHost: ws.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nX-MSISDN: +447700900999\r\n\r\nping',
      500,
      '127.0.0.2',
    );
    expect(reply).toMatch(/^HTTP\/1.1 101 /);
    expect(reply).toContain('X-Seen-Msisdn: none');
    expect(reply.endsWith('\r\n\r\nping')).toBe(true);
  });
});

describe('upgrades follow the same decision as any request', () => {
  it('adds identity to an Upgrade for a listed partner, and records it', async () => {
    const policy = activePolicy(
      fixturePolicy({
        partners: [
          {
            id: 'chat',
            legalName: 'Chat Ltd',
            contract: { reference: 'C-1', expires: '2099-12-31' },
            contact: 'dpo@chat.test',
            destinations: [{ scheme: 'http', host: 'ws.test' }],
            purposes: {
              'carrier-billing': {
                disclose: { msisdn: 'X-MSISDN' },
                justification: 'The billed line is charged for the chat subscription.',
              },
            },
          },
        ],
      }),
    );
    gateway = await startGatewayHarness({ overrides: overrides(), policy });
    await gateway.sessions.record(session('127.0.0.2'));
    const reply = await rawExchange(
      gateway.port,
      'GET http://ws.test/chat HTTP/1.1\r\nHost: ws.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nX-MSISDN: +447700900999\r\n\r\nping',
      500,
      '127.0.0.2',
    );
    expect(reply).toMatch(/^HTTP\/1.1 101 /);
    expect(reply).toContain(`X-Seen-Msisdn: ${MSISDN}`);
    expect(reply.endsWith('\r\n\r\nping')).toBe(true);
    await gateway.ledger.flush();
    expect(gateway.ledgerStore.rows).toEqual([
      expect.objectContaining({ host: 'ws.test', partnerId: 'chat', purpose: 'carrier-billing' }),
    ]);
    // From an address with no session (127.0.0.1): stripped, nothing added.
    const outside = await rawExchange(
      gateway.port,
      'GET http://ws.test/chat HTTP/1.1\r\nHost: ws.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nX-MSISDN: +447700900999\r\n\r\n',
      500,
    );
    expect(outside).toContain('X-Seen-Msisdn: none');
  });
});

describe('hardened parsing and upstream failures', () => {
  it('refuses conflicting Content-Length and Transfer-Encoding (request smuggling)', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const reply = await rawExchange(
      gateway.port,
      'POST http://other.test/ HTTP/1.1\r\nHost: other.test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: other.test\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1.1 400 /);
    expect(reply).toContain('ERR_BAD_REQUEST');
    expect(reply).not.toContain('smuggled');
  });

  it('refuses invalid header bytes, too many headers, an oversize header block, two Hosts', async () => {
    gateway = await startGatewayHarness({
      overrides: overrides(),
      config: { limits: { maxHeaderCount: 20, maxHeaderBytes: 4096 } },
    });
    const bad = await rawExchange(
      gateway.port,
      'GET http://other.test/ HTTP/1.1\r\nHost: other.test\r\nX-A: a\x01b\r\n\r\n',
    );
    expect(bad).toMatch(/^HTTP\/1.1 400 /);
    const many = Array.from({ length: 30 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    const tooMany = await rawExchange(
      gateway.port,
      `GET http://other.test/ HTTP/1.1\r\nHost: other.test\r\n${many}\r\n`,
    );
    expect(tooMany).toMatch(/^HTTP\/1.1 431 /);
    expect(tooMany).toContain('ERR_HEADERS_TOO_MANY');
    const large = await rawExchange(
      gateway.port,
      `GET http://other.test/ HTTP/1.1\r\nHost: other.test\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`,
    );
    expect(large).toMatch(/^HTTP\/1.1 431 /);
    const hosts = await rawExchange(
      gateway.port,
      'GET / HTTP/1.1\r\nHost: other.test\r\nHost: partner.test\r\n\r\n',
    );
    expect(hosts).toMatch(/^HTTP\/1.1 400 /);
    expect(hosts).toContain('ERR_HOST_INVALID');
  });

  it('times out a client that sends its headers too slowly', async () => {
    gateway = await startGatewayHarness({
      overrides: overrides(),
      config: { limits: { headersTimeoutMs: 300 } },
    });
    const started = Date.now();
    const reply = await rawExchange(gateway.port, 'GET http://other.test/ HTTP/1.1\r\nHost: oth', 4000);
    expect(reply).toMatch(/^HTTP\/1.1 408 /);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers 502 / 504 with a body that names the upstream failure', async () => {
    gateway = await startGatewayHarness({
      overrides: overrides(),
      config: { limits: { upstreamTimeoutMs: 300 } },
    });
    const refused = await proxyGet(gateway.port, 'http://closed.test/');
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'ERR_UPSTREAM_REFUSED' });
    const unresolved = await proxyGet(gateway.port, 'http://nowhere.test/');
    expect(unresolved.status).toBe(502);
    expect(JSON.parse(unresolved.body)).toMatchObject({ code: 'ERR_UPSTREAM_UNRESOLVED' });
    const timeout = await proxyGet(gateway.port, 'http://silent.test/');
    expect(timeout.status).toBe(504);
    expect(JSON.parse(timeout.body)).toMatchObject({ code: 'ERR_UPSTREAM_TIMEOUT' });
  });

  it('keeps connections alive on both sides', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const request = 'GET http://other.test/ HTTP/1.1\r\nHost: other.test\r\n\r\n';
    const socket = connect({ host: '127.0.0.1', port: gateway.port });
    let received = '';
    const replies = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if ((received.match(/"remotePort":\d+/g) ?? []).length >= count) {
            socket.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: Buffer) => {
          received += chunk.toString('latin1');
          check();
        };
        socket.on('data', onData);
      });
    socket.write(request);
    await replies(1);
    socket.write(request);
    await replies(2);
    socket.destroy();
    expect(received.match(/HTTP\/1.1 200/g)).toHaveLength(2);
    // One client connection, and both requests reached the origin over one pooled connection.
    const ports = [...received.matchAll(/"remotePort":(\d+)/g)].map((m) => m[1]);
    expect(ports[0]).toBe(ports[1]);
  });
});

describe('PROXY protocol', () => {
  it('takes the subscriber address from v1 and v2 headers of a trusted balancer only', async () => {
    gateway = await startGatewayHarness({
      overrides: overrides(),
      config: { proxyProtocolFrom: ['127.0.0.1/32'] },
    });
    await gateway.sessions.record(session('127.0.0.2'));
    const request = 'GET http://partner.test/ HTTP/1.1\r\nHost: partner.test\r\nConnection: close\r\n\r\n';
    const v1 = await rawExchange(gateway.port, `PROXY TCP4 127.0.0.2 127.0.0.1 50000 8080\r\n${request}`);
    expect(v1).toMatch(/^HTTP\/1.1 200 /);
    expect(v1).toContain(`"x-msisdn":"${MSISDN}"`);

    const v2 = Buffer.concat([
      Buffer.from([
        0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a, 0x21, 0x11, 0x00, 0x0c,
      ]),
      Buffer.from([127, 0, 0, 2, 127, 0, 0, 1, 0xc3, 0x50, 0x1f, 0x90]),
      Buffer.from(request),
    ]);
    const viaV2 = await rawExchange(gateway.port, v2);
    expect(viaV2).toContain(`"x-msisdn":"${MSISDN}"`);

    const garbage = await rawExchange(gateway.port, `PROXY TCP4 nonsense\r\n${request}`);
    expect(garbage).toMatch(/^HTTP\/1.1 400 /);
    expect(garbage).toContain('ERR_PROXY_PROTOCOL_INVALID');

    // 127.0.0.2 is not a configured balancer: its PROXY line is not read (and not HTTP either).
    const untrusted = await rawExchange(
      gateway.port,
      `PROXY TCP4 127.0.0.3 127.0.0.1 1 2\r\n${request}`,
      2000,
      '127.0.0.2',
    );
    expect(untrusted).toMatch(/^HTTP\/1.1 400 /);
    expect(untrusted).not.toContain('x-msisdn');
  });
});
