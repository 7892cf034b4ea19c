import { describe, expect, it } from 'vitest';
import { judgeCanaryHost, judgePartner } from './judge-responses.js';

describe('judgeCanaryHost', () => {
  it('is green only for leak-check JSON without findings or partner headers', () => {
    expect(judgeCanaryHost(200, '{"findings":[],"headers":{"host":"x"}}', ['X-MSISDN']).alarm).toBe(false);
    const leak = judgeCanaryHost(
      200,
      '{"findings":[{"header":"x-msisdn","kind":"msisdn"}],"headers":{}}',
      [],
    );
    expect(leak).toEqual({ alarm: true, reason: 'identity reached the canary host: x-msisdn (msisdn)' });
    expect(
      judgeCanaryHost(200, '{"findings":[],"headers":{"x-linekeeper-pseudonym":"abc"}}', [
        'X-LineKeeper-Pseudonym',
      ]).alarm,
    ).toBe(true);
  });
  it('alarms when it cannot see (not 200, not JSON)', () => {
    expect(judgeCanaryHost(502, '', []).alarm).toBe(true);
    expect(judgeCanaryHost(200, '<html>', []).alarm).toBe(true);
  });
});

describe('judgePartner', () => {
  it('alarms when an expected header is missing or empty, names only the header', () => {
    const body = JSON.stringify({ headers: { 'x-msisdn': '+447700900999', 'x-linekeeper-pseudonym': '' } });
    const verdict = judgePartner(200, body, ['X-MSISDN', 'X-LineKeeper-Pseudonym']);
    expect(verdict).toEqual({ alarm: true, reason: 'partner no longer receives X-LineKeeper-Pseudonym' });
    expect(verdict.reason).not.toContain('7700');
    expect(judgePartner(200, body, ['X-MSISDN']).alarm).toBe(false);
  });
});
