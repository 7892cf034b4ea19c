import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLineKeeperError } from '@linekeeper/identity-core';
import { describe, expect, it } from 'vitest';
import { assessPolicyChange } from './assess-policy-change.js';
import { loadPolicyFile } from './load-policy-file.js';
import { CLEAN_POLICY_YAML, FIXTURE_NOW, fixtureWith } from './testing/policy-fixtures.js';

const clock = () => FIXTURE_NOW;
const demoPolicy = new URL('../demo/policy.yaml', import.meta.url).pathname;

async function write(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'lk-policy-')), 'policy.yaml');
  await writeFile(file, text);
  return file;
}

describe('loadPolicyFile', () => {
  it('loads, compiles and versions a clean file by content hash', async () => {
    const file = await write(CLEAN_POLICY_YAML);
    const loaded = await loadPolicyFile(file, { clock, now: () => FIXTURE_NOW.getTime() });
    expect(loaded.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(loaded.problems).toEqual([]);
    expect(
      loaded.compiled.match({ scheme: 'https', host: 'pay.acme.example', path: '/charge' }),
    ).toHaveLength(2);
    const again = await loadPolicyFile(await write(`${CLEAN_POLICY_YAML}# comment\n`), { clock });
    expect(again.version).not.toBe(loaded.version);
  });

  it('refuses a file with any error, naming every problem', async () => {
    const file = await write(fixtureWith('"*.id.acme.example"', '"*.co.uk"'));
    const error = await loadPolicyFile(file, { clock }).catch((caught: unknown) => caught);
    expect(isLineKeeperError(error) && error.code).toBe('ERR_POLICY_INVALID');
    expect((error as Error).message).toContain(`${file}:19:15 error policy/public-suffix-wildcard`);
  });

  it('refuses an unreadable file', async () => {
    const error = await loadPolicyFile('/nonexistent/policy.yaml').catch((caught: unknown) => caught);
    expect(isLineKeeperError(error) && error.code).toBe('ERR_POLICY_UNREADABLE');
  });

  it('loads the demo policy: partner.demo enriched, leak-check.demo never, its approval accepted', async () => {
    const { policy, compiled, problems } = await loadPolicyFile(demoPolicy, { clock });
    expect(problems.map((problem) => problem.rule)).toEqual(['policy/msisdn-over-http']);
    const request = { scheme: 'http', host: 'partner.demo', path: '/', clientAddress: '127.0.0.2' };
    expect(compiled.match(request).map((match) => [match.purpose, match.headerNames])).toEqual([
      ['carrier-billing', ['X-MSISDN']],
      ['customer-identification', ['X-LineKeeper-Pseudonym']],
    ]);
    expect(compiled.match({ ...request, host: 'leak-check.demo' })).toEqual([]);
    expect(assessPolicyChange(undefined, policy)).toMatchObject({ accepted: true, reason: 'approved' });
  });
});
