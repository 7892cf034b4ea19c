import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyResponseAuthenticator } from './accounting-authenticator.js';
import { encodeAccountingRequest } from './accounting-request.js';

describe('encodeAccountingRequest and verifyResponseAuthenticator (a RADIUS client, e.g. the canary)', () => {
  it('signs per RFC 2866 and recognises only a correctly signed answer', () => {
    const request = encodeAccountingRequest(
      { statusType: 'Start', sessionId: 's1', msisdn: '447700900999', ipv4: '127.0.0.9', nasIdentifier: 'n' },
      'secret',
      7,
    );
    expect(request.readUInt8(0)).toBe(4);
    expect(request.readUInt8(1)).toBe(7);
    expect(request.readUInt16BE(2)).toBe(request.length);
    const zeroed = Buffer.from(request);
    zeroed.fill(0, 4, 20);
    expect(createHash('md5').update(zeroed).update('secret').digest()).toEqual(request.subarray(4, 20));

    const answer = Buffer.alloc(20);
    answer.writeUInt8(5, 0);
    answer.writeUInt8(7, 1);
    answer.writeUInt16BE(20, 2);
    createHash('md5')
      .update(answer.subarray(0, 4))
      .update(request.subarray(4, 20))
      .update('secret')
      .digest()
      .copy(answer, 4);
    expect(verifyResponseAuthenticator(answer, request, Buffer.from('secret'))).toBe(true);
    expect(verifyResponseAuthenticator(answer, request, Buffer.from('wrong'))).toBe(false);
    const otherId = Buffer.from(answer);
    otherId.writeUInt8(8, 1);
    expect(verifyResponseAuthenticator(otherId, request, Buffer.from('secret'))).toBe(false);
  });
});
