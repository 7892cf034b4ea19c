import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeAccountingRequest, isAccountingResponseTo } from './accounting-request.js';
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

describe('encodeAccountingRequest', () => {
  it('signs per RFC 2866 and recognises only a correctly signed answer', () => {
    const request = encodeAccountingRequest(
      {
        statusType: 'Start',
        accountingSessionId: 's1',
        msisdn: '447700900999',
        framedIpAddress: '127.0.0.9',
        nasIdentifier: 'n',
      },
      'secret',
      7,
    );
    expect(request.readUInt8(0)).toBe(4);
    expect(request.readUInt16BE(2)).toBe(request.length);
    const zeroed = Buffer.from(request);
    zeroed.fill(0, 4, 20);
    expect(createHash('md5').update(zeroed).update('secret').digest()).toEqual(request.subarray(4, 20));
    const answer = Buffer.alloc(20);
    answer.writeUInt8(5, 0);
    answer.writeUInt8(7, 1);
    answer.writeUInt16BE(20, 2);
    const auth = createHash('md5')
      .update(answer.subarray(0, 4))
      .update(request.subarray(4, 20))
      .update('secret')
      .digest();
    auth.copy(answer, 4);
    expect(isAccountingResponseTo(answer, request, 'secret')).toBe(true);
    expect(isAccountingResponseTo(answer, request, 'wrong')).toBe(false);
  });
});
