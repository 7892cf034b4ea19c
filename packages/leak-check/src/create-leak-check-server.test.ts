import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeakCheckServer } from './create-leak-check-server.js';
import { leakCheckConfigSchema } from './leak-check-config.js';
import { rawRequest } from './testing/raw-request.js';

// Ofcom drama number 07700 900123 in the form the 2012 proxy sent it.
const MSISDN = '447700900123';

describe('leak-check server over real sockets', () => {
  let app: FastifyInstance;
  let port: number;
  // A plain pino at `trace`, not the redacting logger: the test must show that the app itself
  // never hands an identifier to its logger, not that redaction caught it afterwards.
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) });
    app = createLeakCheckServer(leakCheckConfigSchema.parse({ port: 0 }), { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, headers: readonly string[] = []) =>
    rawRequest(port, [`GET ${path} HTTP/1.1`, 'Host: leak-check.demo', ...headers].join('\r\n'));

  it('reports x-up-calling-line-id as an msisdn and explains it as the 2012 leak header (JSON)', async () => {
    const response = await get('/api/check', [`x-up-calling-line-id: ${MSISDN}`, 'Accept: */*']);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(response.body);
    expect(body.findings).toHaveLength(1);
    const [finding] = body.findings;
    expect(finding).toMatchObject({ header: 'x-up-calling-line-id', kind: 'msisdn', confidence: 'high' });
    expect(typeof finding.reason).toBe('string');
    expect(finding.entry.note).toMatch(/2012/);
    expect(body.headers).toEqual({
      host: 'leak-check.demo',
      'x-up-calling-line-id': MSISDN,
      accept: '*/*',
      connection: 'close',
    });
  });

  it('renders the page with the finding highlighted and explained, and locks it down', async () => {
    const response = await get('/', [`X-Up-Calling-Line-ID: ${MSISDN}`, 'User-Agent: test-phone/1.0']);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = response.body;
    expect(page).toContain('<li class="finding" data-kind="msisdn" data-header="x-up-calling-line-id"');
    expect(page).toMatch(
      /<tr class="identity" data-kind="msisdn"><th scope="row"><code>x-up-calling-line-id/,
    );
    expect(page).toContain(`<code>${MSISDN}</code>`);
    expect(page).toMatch(/Worth knowing<\/dt>\n<dd>[^<]*2012/);
    expect(page).toContain('What you can do');
    expect(page).toMatch(/<tr><th scope="row"><code>user-agent<\/code><\/th>/);
    expect(page).not.toContain('No identifier detected');
    expect(page).not.toMatch(/<script|<link|src=/i);

    const csp = response.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('says clearly when no identifier arrived', async () => {
    const headers = ['User-Agent: Mozilla/5.0', 'Accept: text/html', 'Accept-Language: en-GB'];
    const json = JSON.parse((await get('/api/check', headers)).body);
    expect(json.findings).toEqual([]);
    const page = (await get('/', headers)).body;
    expect(page).toContain('<h2 id="verdict-title">No identifier detected</h2>');
    expect(page).toContain('data-findings="0"');
    expect(page).not.toContain('class="identity"');
  });

  it('escapes attacker-controlled header names and values', async () => {
    const attack = `<script>alert(1)</script><img src=x onerror="alert('x')">`;
    const response = await get('/', [
      `X-Evil: ${attack}`,
      `X-Msisdn: ${MSISDN}"><script>alert(2)</script>`,
      "X-A&B'C: fine",
    ]);
    expect(response.status).toBe(200);
    expect(response.body).not.toContain('<script>');
    expect(response.body).not.toContain('<img');
    expect(response.body).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;',
    );
    expect(response.body).toContain('<code>x-a&amp;b&#39;c</code>');
    expect(response.body).toContain('data-header="x-msisdn"');
  });

  it('keeps duplicate header lines: every line on the page, arrays in JSON', async () => {
    const lines = [
      `x-up-calling-line-id: ${MSISDN}`,
      'x-up-calling-line-id: 447700900456',
      'X-Note: first',
      'x-note: second',
      '__proto__: still a header',
    ];
    const json = JSON.parse((await get('/api/check', lines)).body);
    expect(json.headers['x-up-calling-line-id']).toEqual([MSISDN, '447700900456']);
    expect(json.headers['x-note']).toEqual(['first', 'second']);
    expect(Object.keys(json.headers)).toContain('__proto__');
    expect(Object.getOwnPropertyDescriptor(json.headers, '__proto__')?.value).toBe('still a header');
    expect(json.findings.filter((f: { header: string }) => f.header === 'x-up-calling-line-id')).toHaveLength(
      1,
    );

    const page = (await get('/', lines)).body;
    expect(page.match(/<tr class="identity" data-kind="msisdn">/g)).toHaveLength(2);
    expect(page).toContain(`<code>${MSISDN}</code>, <code>447700900456</code>`);
    expect(page).toContain('7 header lines');
  });

  it('never echoes the path of an unknown route', async () => {
    const response = await get(`/${MSISDN}?msisdn=${MSISDN}`);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('900123');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers a malformed URL with a plain 404 that does not quote it', async () => {
    const response = await get(`/%E0%A4%A${MSISDN}`);
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found. The leak check is at /.\n');
  });

  it('counts checks and findings by kind in /metrics, and nothing else', async () => {
    const before = await (await get('/metrics')).body;
    const checksBefore = Number(/leakcheck_checks_total\{format="json"\} (\d+)/.exec(before)?.[1]);
    const msisdnBefore = Number(/leakcheck_findings_total\{kind="msisdn"\} (\d+)/.exec(before)?.[1]);
    await get('/api/check', [`x-up-calling-line-id: ${MSISDN}`]);
    const after = (await get('/metrics')).body;
    expect(after).toContain(`leakcheck_checks_total{format="json"} ${checksBefore + 1}`);
    expect(after).toContain(`leakcheck_findings_total{kind="msisdn"} ${msisdnBefore + 1}`);
    expect(after).toContain('leakcheck_findings_total{kind="imsi"} 0');
    expect(after).not.toContain('900123');
  });

  it('logs counts by kind, never a digit of the number', async () => {
    await get('/api/check', [`x-up-calling-line-id: ${MSISDN}`]);
    await get('/', [`x-msisdn: +${MSISDN}`]);
    await get(`/nowhere?n=${MSISDN}`, [`x-up-calling-line-id: ${MSISDN}`]);
    const log = logLines.join('');
    expect(log).toContain('"msg":"check served"');
    expect(log).toContain('"findings":{"msisdn":1}');
    for (const fragment of [MSISDN, '7700900123', '900123', '07700 900123'])
      expect(log).not.toContain(fragment);
    expect(log).not.toContain('leak-check.demo');
  });
});

describe('exposeMetrics: false', () => {
  it('serves no /metrics at all', async () => {
    const config = leakCheckConfigSchema.parse({ port: 0, exposeMetrics: false });
    const app = createLeakCheckServer(config, { logger: pino({ level: 'silent' }) });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('leakcheck_');
    await app.close();
  });
});
