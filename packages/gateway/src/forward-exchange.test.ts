import { createHash } from 'node:crypto';
import { createServer as createHttpServer, request } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, rawExchange, startGatewayHarness } from './testing/gateway-fixture.js';

// A raw origin: each request's path names the canned answer it gets, byte for byte.
const ANSWERS: Record<string, string> = {
  '/chunked':
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Origin: raw\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n',
  '/continue': 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok',
  '/until-close': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it',
  '/smuggle': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok',
  '/garbage': 'HTTP/1.1 2OO OK\r\n\r\n',
  '/hop':
    'HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok',
  '/head': 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n',
};
let origin: Server;
let gateway: GatewayHarness;
const sockets = new Set<Socket>();

beforeAll(async () => {
  origin = createServer((socket) => {
    sockets.add(socket);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end !== -1; end = buffered.indexOf('\r\n\r\n')) {
        const path = /^[A-Z]+ (\S+)/.exec(buffered)?.[1] ?? '';
        buffered = buffered.slice(end + 4);
        socket.write(ANSWERS[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        if (path === '/until-close') socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  origin.close();
});
afterEach(async () => gateway?.close());

const start = async () => {
  gateway = await startGatewayHarness({
    overrides: { 'raw.test': `127.0.0.1:${(origin.address() as AddressInfo).port}` },
  });
};
const get = (path: string, extra = '') =>
  rawExchange(gateway.port, `GET http://raw.test${path} HTTP/1.1\r\nHost: raw.test\r\n${extra}\r\n`, 700);

describe('responses', () => {
  it('re-frames a chunked response, dropping chunk extensions and trailers', async () => {
    await start();
    const reply = await get('/chunked');
    expect(reply).toMatch(/^HTTP\/1.1 200 OK\r\n/);
    expect(reply).toContain('X-Origin: raw\r\nTransfer-Encoding: chunked\r\n');
    expect(reply.endsWith('\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n')).toBe(true);
    expect(reply).not.toContain('X-Trailer');
  });

  it('passes 100 Continue on and then the final response', async () => {
    await start();
    const reply = await rawExchange(
      gateway.port,
      'POST http://raw.test/continue HTTP/1.1\r\nHost: raw.test\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi',
      700,
    );
    expect(reply).toMatch(/^HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 201 Created\r\n/);
    expect(reply.endsWith('\r\n\r\nok')).toBe(true);
  });

  it('relays a body delimited by the upstream closing, and then closes', async () => {
    await start();
    const reply = await get('/until-close');
    expect(reply).toContain('Connection: close\r\n');
    expect(reply.endsWith('\r\n\r\nall of it')).toBe(true);
  });

  it('answers 502 to an ambiguous or malformed upstream response', async () => {
    await start();
    for (const path of ['/smuggle', '/garbage']) {
      const reply = await get(path);
      expect(reply).toMatch(/^HTTP\/1.1 502 /);
      expect(reply).toContain('ERR_UPSTREAM_FAILED');
      expect(reply).not.toContain('\r\n\r\nok');
    }
  });

  it('drops the response hop-by-hop fields and those its Connection names', async () => {
    await start();
    const reply = await get('/hop');
    expect(reply).not.toMatch(/x-secret|keep-alive: timeout/i);
    expect(reply.endsWith('\r\n\r\nok')).toBe(true);
  });

  it('expects no body after a response to HEAD', async () => {
    await start();
    const reply = await rawExchange(
      gateway.port,
      'HEAD http://raw.test/head HTTP/1.1\r\nHost: raw.test\r\n\r\nGET http://raw.test/hop HTTP/1.1\r\nHost: raw.test\r\n\r\n',
      700,
    );
    expect(reply.match(/HTTP\/1.1 200 OK/g)).toHaveLength(2);
    expect(reply).toContain('Content-Length: 1000\r\n\r\nHTTP/1.1 200 OK');
  });

  it('streams large bodies both ways, with back-pressure, byte for byte', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i += 1) big[i] = (i * 7919) % 251;
    const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const bulk = createHttpServer((req, res) => {
      const hash = createHash('sha256');
      req.on('data', (chunk: Buffer) => hash.update(chunk));
      req.on('end', () => {
        res.setHeader('x-request-sha256', hash.digest('hex'));
        if (req.url === '/sized') res.setHeader('content-length', big.length);
        res.end(big); // chunked unless sized
      });
    });
    await new Promise<void>((resolve) => bulk.listen(0, '127.0.0.1', resolve));
    gateway = await startGatewayHarness({
      overrides: { 'bulk.test': `127.0.0.1:${(bulk.address() as AddressInfo).port}` },
    });
    for (const path of ['/sized', '/chunked']) {
      const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) => {
          const req = request({
            host: '127.0.0.1',
            port: gateway.port,
            method: 'POST',
            path: `http://bulk.test${path}`,
            headers: { host: 'bulk.test' },
          });
          req.on('error', reject);
          req.on('response', (res) => {
            const chunks: Buffer[] = [];
            res.pause(); // a slow reader first: the gateway must hold the upstream back
            setTimeout(() => res.resume(), 200);
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          });
          req.end(big);
        },
      );
      expect(headers['x-request-sha256']).toBe(digest(big));
      expect(body.length).toBe(big.length);
      expect(digest(body)).toBe(digest(big));
    }
    bulk.closeAllConnections();
    bulk.close();
  });
});
