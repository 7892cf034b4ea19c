import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type GatewayHarness,
  MSISDN,
  rawExchange,
  session,
  startEchoOrigin,
  startGatewayHarness,
} from './testing/gateway-fixture.js';

let origin: { server: Server; port: number };
let gateway: GatewayHarness;
const overrides = () => ({
  'partner.test': `127.0.0.1:${origin.port}`,
  'other.test': `127.0.0.1:${origin.port}`,
});

beforeAll(async () => {
  origin = await startEchoOrigin();
});
afterAll(() => {
  origin.server.closeAllConnections();
  origin.server.close();
});
afterEach(async () => gateway?.close());

const urls = (reply: string) => [...reply.matchAll(/"url":"([^"]*)"/g)].map((m) => m[1]);

describe('client connections', () => {
  it('answers pipelined requests in order, each decided on its own', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    const reply = await rawExchange(
      gateway.port,
      'GET http://other.test/1 HTTP/1.1\r\nHost: other.test\r\nX-MSISDN: +447700900999\r\n\r\n' +
        'POST http://partner.test/2 HTTP/1.1\r\nHost: partner.test\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbody\r\n0\r\n\r\n' +
        'GET http://other.test/3 HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n',
      2000,
      '127.0.0.2',
    );
    expect(urls(reply)).toEqual(['/1', '/2', '/3']);
    const bodies = reply.split(/HTTP\/1.1 200 OK\r\n/).slice(1);
    expect(bodies[0]).not.toContain('x-msisdn');
    expect(bodies[1]).toContain(`"x-msisdn":"${MSISDN}"`);
    expect(bodies[1]).toContain('"body":"body"');
    expect(bodies[2]).not.toContain('x-msisdn');
  });

  it('serves an HTTP/1.0 client and closes after the response', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const reply = await rawExchange(gateway.port, 'GET http://other.test/old HTTP/1.0\r\n\r\n', 2000);
    expect(reply).toMatch(/^HTTP\/1.1 200 /);
    expect(reply).toContain('Connection: close\r\n');
    expect(urls(reply)).toEqual(['/old']);
  });

  it('answers a client that half-closes after its request, then closes', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: gateway.port, allowHalfOpen: true });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
      });
      socket.on('end', () => {
        socket.end();
        resolve(received);
      });
      socket.on('error', reject);
      socket.end('GET http://other.test/half HTTP/1.1\r\nHost: other.test\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1.1 200 /);
    expect(urls(reply)).toEqual(['/half']);
  });

  it('refuses a malformed chunked request body and closes', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const reply = await rawExchange(
      gateway.port,
      'POST http://other.test/ HTTP/1.1\r\nHost: other.test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nbody\r\n0\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1.1 400 /);
    expect(reply).toContain('ERR_BAD_REQUEST');
  });

  it('refuses a request line that is not HTTP/1.x, and a bare-LF header block', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    for (const bad of [
      'GET http://other.test/ HTTP/2.0\r\nHost: other.test\r\n\r\n',
      'GET http://other.test/ HTTP/1.1\nHost: other.test\n\n',
    ]) {
      const reply = await rawExchange(gateway.port, bad);
      expect(reply).toMatch(/^HTTP\/1.1 400 /);
    }
  });
});
