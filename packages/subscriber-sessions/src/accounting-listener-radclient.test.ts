import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dropCount,
  type ListenerFixture,
  startListenerFixture,
  TEST_SECRET,
} from './testing/listener-fixture.js';

const RADCLIENT = '/usr/bin/radclient';
const available = existsSync(RADCLIENT);
if (!available) {
  console.warn(`skipping radclient tests: ${RADCLIENT} not found (Debian package freeradius-utils)`);
}

/** Sends one request with FreeRADIUS's own client; resolves whether an answer came back. */
function radclient(
  port: number,
  attributes: string,
  secret = TEST_SECRET,
): Promise<{ answered: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(RADCLIENT, ['-x', '-r', '1', '-t', '1', `127.0.0.1:${port}`, 'acct', secret], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ answered: code === 0 && output.includes('Received Accounting-Response'), output });
    });
    child.stdin.end(`${attributes}\n`);
  });
}

const START =
  'Acct-Status-Type = Start, Acct-Session-Id = "R1", Calling-Station-Id = "447700900123", ' +
  'Framed-IP-Address = 10.0.0.5, NAS-Identifier = "pgw-1", 3GPP-IMSI = "234150000000001", ' +
  '3GPP-IMEISV = "3566210000000101", 3GPP-RAT-Type = EUTRAN, Acct-Interim-Interval = 300';

describe.skipIf(!available)('accounting listener driven by FreeRADIUS radclient', () => {
  let fixture: ListenerFixture;
  beforeEach(async () => {
    fixture = await startListenerFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  it('Start → the lookup finds the subscriber; Stop → gone', async () => {
    expect((await radclient(fixture.port, START)).answered).toBe(true);
    const result = await fixture.store.lookup('10.0.0.5');
    expect(result.status === 'found' && result.session).toMatchObject({
      msisdn: '+447700900123',
      imsi: '234150000000001',
      imeisv: '3566210000000101',
      ratType: 6,
    });
    const stop =
      'Acct-Status-Type = Stop, Acct-Session-Id = "R1", Framed-IP-Address = 10.0.0.5, NAS-Identifier = "pgw-1"';
    expect((await radclient(fixture.port, stop)).answered).toBe(true);
    expect(await fixture.store.lookup('10.0.0.5')).toEqual({ status: 'none' });
  });

  it('wrong secret → no answer and nothing changes', async () => {
    const { answered } = await radclient(fixture.port, START, 'the-wrong-secret');
    expect(answered).toBe(false);
    expect(await fixture.store.lookup('10.0.0.5')).toEqual({ status: 'none' });
    expect(await dropCount(fixture.metrics, 'bad-authenticator')).toBeGreaterThanOrEqual(1);
  });

  it('address reuse: a second Start names the new holder', async () => {
    await radclient(fixture.port, START);
    await radclient(fixture.port, START.replace('"R1"', '"R2"').replace('447700900123', '07700900456'));
    const result = await fixture.store.lookup('10.0.0.5');
    expect(result.status === 'found' && result.session.msisdn).toBe('+447700900456');
  });

  it('Accounting-On flushes the NAS', async () => {
    await radclient(fixture.port, START);
    const on = 'Acct-Status-Type = Accounting-On, NAS-Identifier = "pgw-1"';
    expect((await radclient(fixture.port, on)).answered).toBe(true);
    expect(await fixture.store.lookup('10.0.0.5')).toEqual({ status: 'none' });
  });

  it('expiry: gone once 2.5 × Acct-Interim-Interval passes without an update', async () => {
    await radclient(fixture.port, START);
    fixture.clock.now += 749_000;
    expect((await fixture.store.lookup('10.0.0.5')).status).toBe('found');
    fixture.clock.now += 2000;
    expect(await fixture.store.lookup('10.0.0.5')).toEqual({ status: 'none' });
  });

  it('IPv6: an address inside the Framed-IPv6-Prefix finds the subscriber', async () => {
    const start = START.replace('Framed-IP-Address = 10.0.0.5', 'Framed-IPv6-Prefix = 2001:db8:0:5::/64');
    expect((await radclient(fixture.port, start)).answered).toBe(true);
    const result = await fixture.store.lookup('2001:db8:0:5::42');
    expect(result.status === 'found' && result.session.msisdn).toBe('+447700900123');
  });

  it.each([
    ['missing-msisdn', START.replace('Calling-Station-Id = "447700900123", ', '')],
    ['invalid-msisdn', START.replace('447700900123', 'not-a-number')],
    ['missing-session-id', START.replace('Acct-Session-Id = "R1", ', '')],
    ['missing-address', START.replace('Framed-IP-Address = 10.0.0.5, ', '')],
  ] as const)('drops a request with %s and keeps serving', async (reason, attributes) => {
    expect((await radclient(fixture.port, attributes)).answered).toBe(false);
    expect(await dropCount(fixture.metrics, reason)).toBeGreaterThanOrEqual(1);
    expect((await radclient(fixture.port, START)).answered).toBe(true);
  });
});
