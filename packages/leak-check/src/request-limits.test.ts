import { type AddressInfo, connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeakCheckServer } from './create-leak-check-server.js';
import { leakCheckConfigSchema } from './leak-check-config.js';
import { rawRequest } from './testing/raw-request.js';

const MSISDN = '447700900123';

describe('hostile requests get a clear 4xx and the server keeps serving', () => {
  let app: FastifyInstance;
  let port: number;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) });
    const config = leakCheckConfigSchema.parse({
      port: 0,
      maxHeaderBytes: 4096,
      maxHeaderCount: 20,
      headersTimeoutMs: 1000,
    });
    app = createLeakCheckServer(config, { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
  });

  const head = (...headers: string[]) =>
    ['GET /api/check HTTP/1.1', 'Host: leak-check.demo', ...headers].join('\r\n');
  const stillServing = async () => {
    const response = await rawRequest(port, head(`x-up-calling-line-id: ${MSISDN}`));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).findings[0].kind).toBe('msisdn');
  };

  it('refuses a huge header value with 431 and says why', async () => {
    const response = await rawRequest(port, head(`x-msisdn: ${MSISDN}`, `x-big: ${'a'.repeat(20_000)}`));
    expect(response.status).toBe(431);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toMatch(/^Request headers too large: this page accepts at most 4096 bytes/);
    expect(response.headers['cache-control']).toBe('no-store');
    await stillServing();
  });

  it('refuses more header lines than allowed (duplicates count) with 431', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `x-dup: ${i}`);
    const response = await rawRequest(port, head(...many));
    expect(response.status).toBe(431);
    expect(response.body).toMatch(/^Too many request headers: this page accepts at most 20 header lines/);
    await stillServing();
  });

  it('accepts exactly the allowed number of header lines', async () => {
    // Host and Connection are two of the 20.
    const response = await rawRequest(port, head(...Array.from({ length: 18 }, (_, i) => `x-dup: ${i}`)));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).headers['x-dup']).toHaveLength(18);
  });

  it.each([
    ['a control byte in a value', `x-msisdn: ${MSISDN}\u0001`],
    ['a NUL in a value', 'x-test: a\u0000b'],
    ['a space in a name', 'x bad: value'],
    ['a non-token byte in a name', 'x-b\u00e4d: value'],
    ['a line without a colon', 'just-a-name'],
  ])('refuses %s with 400 and a short explanation', async (_label, line) => {
    const response = await rawRequest(port, Buffer.from(head(line), 'latin1'));
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/^Bad request: this is not a valid HTTP request/);
    await stillServing();
  });

  it('shows bytes outside ASCII as received instead of failing', async () => {
    const response = await rawRequest(
      port,
      Buffer.concat([
        Buffer.from(head('x-utf8: caf'), 'latin1'),
        Buffer.from('é', 'utf8'),
        Buffer.from('\r\nx-latin1: \xff\xfe', 'latin1'),
      ]),
    );
    expect(response.status).toBe(200);
    const { headers } = JSON.parse(response.body);
    expect(headers['x-utf8']).toBe('café');
    expect(headers['x-latin1']).toBe('\u00ff\u00fe');
  });

  it('survives a burst of oversized requests in parallel', async () => {
    const burst = Array.from({ length: 20 }, () => rawRequest(port, head(`x-big: ${'b'.repeat(10_000)}`)));
    const responses = await Promise.all(burst);
    expect(responses.every((r) => r.status === 431)).toBe(true);
    await stillServing();
  });

  it('cuts off a client that never finishes its headers (slow loris) with 408', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('slow client was never cut off'));
      }, 8000);
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('latin1'));
      });
      socket.write(`GET / HTTP/1.1\r\nHost: leak-check.demo\r\nx-up-calling-line-id: ${MSISDN}\r\n`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('Request timeout: the request headers did not arrive in time.');
    expect(Date.now() - started).toBeLessThan(5000);
    await stillServing();
  });

  it('counts refusals by reason and never logs the refused bytes', async () => {
    const metrics = (await rawRequest(port, 'GET /metrics HTTP/1.1\r\nHost: x')).body;
    expect(
      Number(/leakcheck_rejected_requests_total\{reason="header-too-large"\} (\d+)/.exec(metrics)?.[1]),
    ).toBeGreaterThanOrEqual(21);
    expect(
      Number(/leakcheck_rejected_requests_total\{reason="too-many-headers"\} (\d+)/.exec(metrics)?.[1]),
    ).toBe(1);
    expect(Number(/leakcheck_rejected_requests_total\{reason="malformed"\} (\d+)/.exec(metrics)?.[1])).toBe(
      5,
    );
    const log = logLines.join('');
    expect(log).toContain('"reason":"header-too-large"');
    expect(log).not.toContain('900123');
    expect(log).not.toContain('aaaa');
  });
});
