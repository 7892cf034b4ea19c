import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostReachSource } from '@linekeeper/policy';
import { describe, expect, it } from 'vitest';
import { type PolicyCommandIo, runPolicyCheck, runPolicyDiff } from './policy.js';

const demoPolicy = new URL('../../../policy/demo/policy.yaml', import.meta.url).pathname;

function captureIo(extra: Partial<PolicyCommandIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: PolicyCommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    now: () => new Date('2025-06-01T12:00:00Z'),
    ...extra,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function writePolicy(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'lk-cli-policy-')), name);
  await writeFile(file, text);
  return file;
}

describe('linekeeper policy check', () => {
  it('passes the demo policy with its expected http warning (exit 0)', async () => {
    const { io, stdout, stderr } = captureIo();
    expect(await runPolicyCheck(demoPolicy, {}, io)).toBe(0);
    expect(stdout()).toMatch(/policy\.yaml:\d+:\d+ warning policy\/msisdn-over-http: /);
    expect(stderr()).toContain('0 error(s), 1 warning(s)');
  });

  it('exits 1 with file:line:column problems, and prints JSON on request', async () => {
    const demo = await readFile(demoPolicy, 'utf8');
    const file = await writePolicy('bad.yaml', demo.replace('host: partner.demo', 'host: "*.com"'));
    const { io, stdout } = captureIo();
    expect(await runPolicyCheck(file, {}, io)).toBe(1);
    expect(stdout()).toContain(`${file}:25:15 error policy/public-suffix-wildcard:`);
    const json = captureIo();
    expect(await runPolicyCheck(file, { json: true }, json.io)).toBe(1);
    const parsed = JSON.parse(json.stdout());
    expect(parsed.ok).toBe(false);
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({
        rule: 'policy/public-suffix-wildcard',
        line: 25,
        column: 15,
        severity: 'error',
      }),
    );
  });

  it('exits 2 on an unreadable file', async () => {
    const { io, stderr } = captureIo();
    expect(await runPolicyCheck('/nonexistent/policy.yaml', {}, io)).toBe(2);
    expect(stderr()).toContain('cannot read policy file (ENOENT)');
  });
});

describe('linekeeper policy diff', () => {
  it('shows the demo policy accepted from nothing thanks to its approval', async () => {
    const { io, stdout } = captureIo();
    expect(await runPolicyDiff('none', demoPolicy, {}, io)).toBe(0);
    expect(stdout()).toContain('+ http://partner.demo:80/  (partner demo-partner)');
    expect(stdout()).toContain('gate: accepted (approved)');
    expect(stdout()).toContain('reach: no ledger given');
  });

  it('refuses (exit 1) a maintenance change that lists every host, and reports reach from the ledger', async () => {
    const demo = await readFile(demoPolicy, 'utf8');
    const widened = await writePolicy(
      'widened.yaml',
      demo.replace(
        '        host: partner.demo\n',
        '        host: partner.demo\n      - scheme: http\n        host: leak-check.demo\n',
      ),
    );
    const reach: HostReachSource = {
      distinctSubscribersPerDay: async (hosts) =>
        new Map(hosts.map((host) => [host, host === 'leak-check.demo' ? 42 : 0])),
    };
    const { io, stdout } = captureIo({ reach });
    expect(await runPolicyDiff(demoPolicy, widened, { json: true }, io)).toBe(1);
    const report = JSON.parse(stdout());
    expect(report).toMatchObject({ widening: true, accepted: false, reason: 'approval-hash-mismatch' });
    expect(report.destinations).toEqual([
      expect.objectContaining({
        destination: 'http://leak-check.demo:80/',
        subscribersPerDay: 42,
        gains: expect.objectContaining({ fields: ['msisdn', 'pseudonym'] }),
      }),
    ]);
  });

  it('accepts a narrowing change without approval (exit 0)', async () => {
    const demo = await readFile(demoPolicy, 'utf8');
    const narrowed = await writePolicy(
      'narrow.yaml',
      demo.replace(/ {6}customer-identification:\n.*\n.*\n/, ''),
    );
    const { io, stdout } = captureIo();
    expect(await runPolicyDiff(demoPolicy, narrowed, {}, io)).toBe(0);
    expect(stdout()).toContain('loses  fields pseudonym; purposes customer-identification');
    expect(stdout()).toContain('gate: accepted (not-widening)');
  });

  it('exits 2 when a file is not a policy', async () => {
    const file = await writePolicy('x.yaml', 'version: 2\n');
    const { io, stderr } = captureIo();
    expect(await runPolicyDiff('none', file, {}, io)).toBe(2);
    expect(stderr()).toContain('error policy/schema');
  });
});
